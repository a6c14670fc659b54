package qrimage

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"dancu/internal/testtool"
)

// TestLevelsHoldTheirCapacity fills a symbol to each level's capacity,
// reads it back with zbarimg (Debian zbar-tools) and checks one byte more
// is refused with the capacity in the message.
func TestLevelsHoldTheirCapacity(t *testing.T) {
	// A base64url-like alphabet, as an SD-JWT presentation is.
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"
	for _, tc := range []struct {
		name  string
		level Level
		size  int
	}{
		{"L", LevelL, 400},
		{"M", LevelM, 400},
		{"L at the portal size", LevelL, 360},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			for i := 0; b.Len() < tc.level.MaxBytes(); i++ {
				b.WriteByte(alphabet[(i*7+i/5)%len(alphabet)])
			}
			payload := b.String()
			img, err := PNG(payload, tc.size, tc.level)
			if err != nil {
				t.Fatalf("PNG of %d bytes: %v", len(payload), err)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(img))
			if err != nil || cfg.Width != tc.size {
				t.Fatalf("PNG %d px (%v), want %d", cfg.Width, err, tc.size)
			}
			out, err := testtool.ReadQR(t, img)
			if err != nil || out != payload {
				t.Fatalf("zbarimg: %v, read %d bytes, want %d", err, len(out), len(payload))
			}
			if _, err := PNG(payload+"x", tc.size, tc.level); err == nil || !strings.Contains(err.Error(), "at most") {
				t.Errorf("one byte over the capacity: %v, want a refusal", err)
			}
		})
	}
}

func TestTooSmall(t *testing.T) {
	if _, err := PNG("short", 20, LevelL); err == nil {
		t.Error("a 20 px image succeeded, want an error")
	}
}
