package chip

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"dancu/internal/card"
)

// Image is the content of one chip: EF.COM, the data groups by number, and
// EF.SOD.
type Image struct {
	COM        []byte
	DataGroups map[int][]byte
	SOD        []byte
}

// Build produces the chip image of c: DG1 from the printed MRZ lines, DG2
// from the photo (absent when the card has none), DG13 from the card, then
// EF.COM and EF.SOD signed by s at signedAt.
func Build(c card.Card, mrz [3]string, s Signer, signedAt time.Time) (Image, error) {
	groups := map[int][]byte{}
	var err error
	if groups[DG1], err = EncodeDG1(mrz); err != nil {
		return Image{}, err
	}
	if len(c.Photo) > 0 {
		if groups[DG2], err = EncodeDG2(c.Photo, c.Sex); err != nil {
			return Image{}, err
		}
	}
	if groups[DG13], err = PersonalDataFromCard(c).Encode(); err != nil {
		return Image{}, err
	}
	img := Image{DataGroups: groups}
	if img.COM, err = EncodeCOM(slices.Collect(maps.Keys(groups))); err != nil {
		return Image{}, err
	}
	if img.SOD, err = EncodeSOD(groups, s, signedAt); err != nil {
		return Image{}, err
	}
	return img, nil
}

// File names of an exported chip image.
const (
	FileCOM = "EF.COM"
	FileSOD = "EF.SOD"
)

// DGFileName is the export name of data group n: "DG1.bin", "DG13.bin".
func DGFileName(n int) string { return fmt.Sprintf("DG%d.bin", n) }

// Files returns the image as named files: EF.COM, DGn.bin…, EF.SOD.
func (img Image) Files() map[string][]byte {
	files := map[string][]byte{FileCOM: img.COM, FileSOD: img.SOD}
	for n, b := range img.DataGroups {
		files[DGFileName(n)] = b
	}
	return files
}

// ImageFromFiles is the inverse of Files. Unknown names are an error so a
// misnamed data group is not silently left out of verification.
func ImageFromFiles(files map[string][]byte) (Image, error) {
	img := Image{DataGroups: map[int][]byte{}}
	for name, b := range files {
		switch name {
		case FileCOM:
			img.COM = b
		case FileSOD:
			img.SOD = b
		default:
			n, ok := parseDGFileName(name)
			if !ok {
				return Image{}, fmt.Errorf("chip: unknown file %q in chip image", name)
			}
			img.DataGroups[n] = b
		}
	}
	return img, nil
}

func parseDGFileName(name string) (int, bool) {
	digits, ok := strings.CutPrefix(name, "DG")
	digits, ok2 := strings.CutSuffix(digits, ".bin")
	n, err := strconv.Atoi(digits)
	if !ok || !ok2 || err != nil || DGFileName(n) != name { // DGFileName rejects "DG01.bin"
		return 0, false
	}
	_, err = DGTag(n)
	return n, err == nil
}
