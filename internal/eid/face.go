package eid

import (
	_ "embed"
	"fmt"
	"image"
	"math"
	"sync"

	pigo "github.com/esimov/pigo/core"

	"dancu/internal/capture"
)

// facefinder is pigo's face cascade, as shipped with github.com/esimov/pigo
// v1.4.6 (MIT licence, see cascade/README.md).
//
//go:embed cascade/facefinder
var facefinder []byte

// Selfie limits: a phone's front camera, cropped or not. The header is
// read before anything is decoded (capture.Decode).
var selfieLimits = capture.Limits{MaxWidth: 4000, MaxHeight: 4000}

const (
	selfieMaxBytes = 4 << 20
	// minFaceShare is the smallest face accepted, as a share of the
	// image's shorter side: a face that small carries too few pixels for
	// a comparison (ISO/IEC 19794-5 asks ~50 % of the width).
	minFaceShare  = 0.30
	minFacePixels = 120
	// minFaceQuality is the cascade's score under which a detection is
	// noise (pigo's examples use 5; a real face scores in the hundreds).
	minFaceQuality = 20
	// minSharpness is the variance of the Laplacian over the face, under
	// which the face is blurred (grey levels 0–255).
	minSharpness = 40
)

var (
	cascadeOnce sync.Once
	cascade     *pigo.Pigo
	cascadeErr  error
)

func faceCascade() (*pigo.Pigo, error) {
	cascadeOnce.Do(func() { cascade, cascadeErr = pigo.NewPigo().Unpack(facefinder) })
	return cascade, cascadeErr
}

// Refusal reasons of a selfie, for the citizen's screen.
const (
	FaceNone     = "no_face"
	FaceSeveral  = "several_faces"
	FaceTooSmall = "face_too_small"
	FaceBlurred  = "face_blurred"
)

// FaceError is a refused selfie: a reason code and messages in English and
// Vietnamese.
type FaceError struct {
	Reason    string
	Message   string
	MessageVI string
	Faces     int
	Sharpness float64
	FaceShare float64
}

func (e *FaceError) Error() string { return e.Message }

// CheckFace accepts a selfie (JPEG or PNG) that shows exactly one face,
// large enough and sharp enough to compare with the card photo. The image
// size is read from its header before it is decoded.
func CheckFace(photo []byte) error {
	if len(photo) == 0 || len(photo) > selfieMaxBytes {
		return &FaceError{Reason: string(capture.ProblemFileSize), Message: fmt.Sprintf("the photo must be 1 byte to %d MiB", selfieMaxBytes>>20),
			MessageVI: fmt.Sprintf("ảnh phải có dung lượng không quá %d MiB", selfieMaxBytes>>20)}
	}
	img, _, err := capture.Decode(photo, "selfie", selfieLimits)
	if err != nil {
		return err
	}
	return checkFaceImage(img)
}

func checkFaceImage(img image.Image) error {
	p, err := faceCascade()
	if err != nil {
		return fmt.Errorf("eid: face cascade: %w", err)
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	gray := pigo.RgbToGrayscale(img)
	short := min(w, h)
	params := pigo.CascadeParams{MinSize: max(20, short/10), MaxSize: short, ShiftFactor: 0.1, ScaleFactor: 1.1,
		ImageParams: pigo.ImageParams{Pixels: gray, Rows: h, Cols: w, Dim: w}}
	var faces []pigo.Detection
	for _, d := range p.ClusterDetections(p.RunCascade(params, 0), 0.2) {
		if d.Q >= minFaceQuality {
			faces = append(faces, d)
		}
	}
	switch {
	case len(faces) == 0:
		return &FaceError{Reason: FaceNone, Message: "no face found in the photo", MessageVI: "không tìm thấy khuôn mặt trong ảnh"}
	case len(faces) > 1:
		return &FaceError{Reason: FaceSeveral, Faces: len(faces),
			Message:   fmt.Sprintf("the photo shows %d faces; take it alone", len(faces)),
			MessageVI: fmt.Sprintf("ảnh có %d khuôn mặt; chỉ chụp một mình bạn", len(faces))}
	}
	f := faces[0]
	share := float64(f.Scale) / float64(short)
	if share < minFaceShare || f.Scale < minFacePixels {
		return &FaceError{Reason: FaceTooSmall, Faces: 1, FaceShare: share,
			Message:   fmt.Sprintf("the face is too small (%d pixels, %.0f %% of the photo); come closer", f.Scale, 100*share),
			MessageVI: fmt.Sprintf("khuôn mặt quá nhỏ (%d điểm ảnh); hãy đưa máy lại gần", f.Scale)}
	}
	if sh := sharpness(gray, w, h, f); sh < minSharpness {
		return &FaceError{Reason: FaceBlurred, Faces: 1, FaceShare: share, Sharpness: sh,
			Message:   fmt.Sprintf("the face is blurred (sharpness %.0f, at least %d); hold still in good light", sh, minSharpness),
			MessageVI: "ảnh khuôn mặt bị mờ; hãy giữ máy ổn định và chụp nơi đủ sáng"}
	}
	return nil
}

// sharpness is the variance of the 4-neighbour Laplacian over the face's
// square: a focused face has strong edges (eyes, lips), a blurred one not.
func sharpness(gray []uint8, w, h int, f pigo.Detection) float64 {
	half := f.Scale / 2
	r0, r1 := max(1, f.Row-half), min(h-2, f.Row+half)
	c0, c1 := max(1, f.Col-half), min(w-2, f.Col+half)
	var sum, sq float64
	n := 0
	for r := r0; r <= r1; r++ {
		for c := c0; c <= c1; c++ {
			i := r*w + c
			l := 4*float64(gray[i]) - float64(gray[i-1]) - float64(gray[i+1]) - float64(gray[i-w]) - float64(gray[i+w])
			sum += l
			sq += l * l
			n++
		}
	}
	if n == 0 {
		return 0
	}
	mean := sum / float64(n)
	return math.Max(0, sq/float64(n)-mean*mean)
}
