package eid

import (
	"bytes"
	"context"

	"dancu/internal/capture"
)

// DemoMatcher is the biometric matcher of `dancu demo` and nothing else:
// no face-recognition model can be installed here, so it matches a probe
// byte for byte equal to the reference (score 1) and nothing else (score
// 0). The demo enrols with the card's own photo. Production configures an
// ABIS (docs/ARCHITECTURE.md, "Biometric matcher contract").
type DemoMatcher struct{}

// Compare implements BiometricMatcher.
func (DemoMatcher) Compare(_ context.Context, c Comparison) (Score, error) {
	if bytes.Equal(c.Probe, c.Reference) {
		return Score{Value: 1, Engine: "demo-exact"}, nil
	}
	return Score{Value: 0, Engine: "demo-exact"}, nil
}

// DemoFaceCheck is the selfie check of `dancu demo`: the intake photo
// checks only, because the demo's synthetic portraits are drawings that
// the face detector (trained on photographs) does not see as faces.
func DemoFaceCheck(photo []byte) error { return capture.CheckPhoto(photo) }
