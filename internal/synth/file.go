package synth

import (
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"strings"

	"dancu/internal/dc01"
)

// WriteFile generates a population into path, as CSV or JSON Lines chosen by
// the extension (".gz" compresses; see dc01.EncodingFor). If truthPath is
// not empty it also writes the true duplicate pairs there as CSV with the
// header left_ref,right_ref,classes (the error kinds of the re-collected
// form, joined by "+"). Files are written completely or reported as
// failed; a partial file is removed.
func WriteFile(path string, opts Options, truthPath string) (st Stats, err error) {
	out, err := os.Create(path)
	if err != nil {
		return Stats{}, fmt.Errorf("synth: %w", err)
	}
	defer func() {
		if cerr := out.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("synth: %w", cerr)
		}
		if err != nil {
			os.Remove(path)
		}
	}()
	enc, gz := dc01.EncodingFor(path)
	w := dc01.NewWriter(out, enc, gz)

	var onTruth func(Truth) error
	var truth *csv.Writer
	if truthPath != "" {
		tf, err := os.Create(truthPath)
		if err != nil {
			return Stats{}, fmt.Errorf("synth: %w", err)
		}
		defer func() {
			if truth != nil {
				truth.Flush()
				err = errors.Join(err, truth.Error())
			}
			if cerr := tf.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("synth: %w", cerr)
			}
			if err != nil {
				os.Remove(truthPath)
			}
		}()
		truth = csv.NewWriter(tf)
		if err := truth.Write([]string{"left_ref", "right_ref", "classes"}); err != nil {
			return Stats{}, fmt.Errorf("synth: %w", err)
		}
		onTruth = func(t Truth) error {
			return truth.Write([]string{t.LeftRef, t.RightRef, strings.Join(t.Classes, "+")})
		}
	}

	st, err = generate(opts, w.Write, onTruth)
	if err != nil {
		return st, err
	}
	if err := w.Close(); err != nil {
		return st, err
	}
	return st, nil
}
