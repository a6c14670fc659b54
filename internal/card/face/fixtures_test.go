package face

import (
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	"dancu/internal/card"
	"dancu/internal/pdate"
	"dancu/internal/person"
	"dancu/internal/synthbio"
)

// cardFixture is a card with the MRZ and QR that package card would build.
type cardFixture struct {
	card card.Card
	mrz  [3]string
	qr   image.Image
}

const (
	longName    = "Nguyễn Thị Phương Thảo Đặng"
	longAddress = "Số 18 ngõ 254 đường Nguyễn Hữu Thọ, tổ dân phố Mỹ Đình Thượng, phường Đặng Xá, xã Ỷ Lan, Thành phố Hà Nội, Việt Nam, gần chợ Đồng Xuân cũ"
)

var sampleMRZ = [3]string{
	"IDVNM2010123458001201012345<<9",
	"0105156M2605155VNM<<<<<<<<<<<6",
	"NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<",
}

func longCard(t testing.TB) cardFixture {
	t.Helper()
	photo, err := synthbio.Photo(7)
	if err != nil {
		t.Fatal(err)
	}
	return cardFixture{
		card: card.Card{
			Number:            "001201012345",
			FullName:          longName,
			BirthDate:         pdate.Full(2001, 5, 15),
			Sex:               person.Female,
			Nationality:       "Việt Nam",
			Ethnicity:         "Kinh",
			Religion:          "Không",
			BirthRegistration: "Ủy ban nhân dân phường Ngữ Hành Sơn, Thành phố Đà Nẵng",
			Residence:         longAddress + ", thôn Mỹ Lộc, ấp Thạnh Mỹ, Đắk Lắk",
			Regime:            card.Regime2023,
			IssueDate:         pdate.Full(2024, 7, 1),
			ExpiryDate:        pdate.Full(2026, 5, 15),
			IssuedBy:          "Bộ Công an",
			Photo:             photo,
		},
		mrz: sampleMRZ,
		qr:  fakeQR(1),
	}
}

func regime2014Card(t testing.TB) cardFixture {
	f := longCard(t)
	f.card.Regime = card.Regime2014
	f.card.FullName = "Trần Văn Dũng"
	f.card.Sex = person.Male
	f.card.Hometown = "Xã Ỷ La, huyện Thanh Oai, Hà Nội"
	f.card.Residence = "Thôn Mỹ Lộc, xã Đặng Cương, huyện An Dương, Hải Phòng"
	f.card.IdentifyingMarks = "Sẹo chấm cách 2 cm trên đuôi mắt trái"
	f.card.ExpiryDate = pdate.Date{}
	f.card.IssueDate = pdate.Full(2021, 3, 20)
	return f
}

// childCard is a holder under 6: no photo on the 2023 card.
func childCard(t testing.TB) cardFixture {
	f := longCard(t)
	f.card.FullName = "Lê Bảo Anh"
	f.card.BirthDate = pdate.Full(2022, 2, 1)
	f.card.Photo = nil
	f.card.Residence = "Xã Ea Kao, tỉnh Đắk Lắk"
	return f
}

// fakeQR stands in for package card's QR code: a 29-module grid of random
// modules with the three finder squares, which is all the face needs.
func fakeQR(seed uint64) image.Image {
	const n, quiet = 29, 2
	r := rand.New(rand.NewPCG(seed, 0))
	img := image.NewGray(image.Rect(0, 0, n+2*quiet, n+2*quiet))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y := range n {
		for x := range n {
			if r.IntN(2) == 0 {
				img.SetGray(x+quiet, y+quiet, color.Gray{})
			}
		}
	}
	for _, o := range []image.Point{{0, 0}, {n - 7, 0}, {0, n - 7}} {
		for y := range 7 {
			for x := range 7 {
				ring := max(abs(x-3), abs(y-3))
				v := uint8(255)
				if ring != 2 {
					v = 0
				}
				img.SetGray(o.X+x+quiet, o.Y+y+quiet, color.Gray{Y: v})
			}
		}
	}
	return img
}

func abs(x int) int { return max(x, -x) }
