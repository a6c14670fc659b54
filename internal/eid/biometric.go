package eid

import (
	"context"
	"fmt"
)

// BiometricMatcher compares one live capture with the reference on file,
// 1:1. No face-recognition model is installable here: production plugs in
// an ABIS (automated biometric identification system) behind this
// interface, as MOSIP plugs in biometric SDKs; docs/ARCHITECTURE.md
// states the contract. The matcher only scores; the decision (score
// against the threshold), its audit entry and its record are this
// package's.
type BiometricMatcher interface {
	Compare(ctx context.Context, c Comparison) (Score, error)
}

// Modalities of a comparison.
const (
	ModalityFace   = "face"
	ModalityFinger = "finger"
)

// Comparison is one 1:1 comparison: a probe captured now and the
// reference enrolled with the card. Images are JPEG (face) or PNG
// (fingerprint), already past the capture quality checks.
type Comparison struct {
	Modality  string
	Probe     []byte
	Reference []byte
}

// Score is a matcher's answer: a similarity in [0, 1] (1 the same image)
// and the engine that computed it, recorded with the decision.
type Score struct {
	Value  float64
	Engine string
}

// Thresholds are the scores at or above which a comparison is a match.
// Production sets them from the ABIS's calibration at the chosen false
// match rate (e.g. FMR 1e-4).
type Thresholds struct {
	Face   float64
	Finger float64
}

// DefaultThresholds suit a matcher whose scores are calibrated
// probabilities.
var DefaultThresholds = Thresholds{Face: 0.80, Finger: 0.80}

// Decision is the outcome of one comparison, as recorded.
type Decision struct {
	Modality  string  `json:"modality"`
	Score     float64 `json:"score"`
	Threshold float64 `json:"threshold"`
	Engine    string  `json:"engine"`
	Match     bool    `json:"match"`
}

// Result is the audit result of a decision.
func (d Decision) Result() string {
	if d.Match {
		return "match"
	}
	return "no_match"
}

// decide runs one comparison and decides it against the threshold. A
// score outside [0, 1] is the matcher's fault and refused as an error.
func (s *Service) decide(ctx context.Context, c Comparison) (Decision, error) {
	if s.cfg.Matcher == nil {
		return Decision{}, fmt.Errorf("eid: no biometric matcher configured")
	}
	sc, err := s.cfg.Matcher.Compare(ctx, c)
	if err != nil {
		return Decision{}, fmt.Errorf("eid: %s comparison: %w", c.Modality, err)
	}
	if sc.Value < 0 || sc.Value > 1 || sc.Value != sc.Value {
		return Decision{}, fmt.Errorf("eid: %s matcher %q answered a score outside [0, 1]", c.Modality, sc.Engine)
	}
	th := s.cfg.Thresholds.Face
	if c.Modality == ModalityFinger {
		th = s.cfg.Thresholds.Finger
	}
	return Decision{Modality: c.Modality, Score: sc.Value, Threshold: th, Engine: sc.Engine, Match: sc.Value >= th}, nil
}

// CardBiometrics are the references enrolled with a citizen's card: the
// face photo and the fingerprints by finger name (issuance.Fingers).
type CardBiometrics struct {
	Photo        []byte
	Fingerprints map[string][]byte
}

// BiometricSource reads the references of the citizen's active card; it
// returns apperr.NotFound when the citizen has no card with a photo.
type BiometricSource interface {
	CardBiometrics(ctx context.Context, citizenID string) (CardBiometrics, error)
}
