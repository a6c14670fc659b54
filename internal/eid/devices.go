package eid

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
)

// maxDeviceLabel bounds a device's label (it comes from the client).
const maxDeviceLabel = 80

// DeviceID is a device's stable id within an account: the same label
// logging in again is the same device.
func DeviceID(accountID, label string) string {
	sum := sha256.Sum256([]byte(accountID + "\x00" + cleanLabel(label)))
	return hex.EncodeToString(sum[:12])
}

// cleanLabel keeps a printable, bounded label.
func cleanLabel(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return -1
	}, strings.TrimSpace(s))
	if r := []rune(s); len(r) > maxDeviceLabel {
		s = string(r[:maxDeviceLabel])
	}
	if s == "" {
		s = "unknown device"
	}
	return s
}

// Devices lists the devices the citizen's account logged in from.
func (s *Service) Devices(ctx context.Context, p Principal) ([]Device, error) {
	return s.cfg.Store.Devices(ctx, p.AccountID)
}

// RemoveDevice forgets a device; audited like every change to the account.
func (s *Service) RemoveDevice(ctx context.Context, p Principal, deviceID string) error {
	return s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.cfg.Store.DeleteDevice(ctx, p.AccountID, deviceID); err != nil {
			return err
		}
		return s.record(ctx, citizenTrail(p.AccountID, "eid.device"), ActionDevice, p.CitizenID, "removed")
	})
}
