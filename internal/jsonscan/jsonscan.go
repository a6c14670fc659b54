// Package jsonscan finds where JSON values begin and end without decoding
// them, so that a record stored by encoding/json can have a few members
// picked out, or text spliced in, at a fraction of json.Unmarshal's cost
// (the claims read in idp, the relatives' ids in sqlstore's point read).
// It checks structure only as far as it walks: callers that need a valid
// document decode what they take with encoding/json.
package jsonscan

import (
	"errors"
	"fmt"
)

// SkipSpace returns the index of the first byte at or after i that is not
// JSON white space.
func SkipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// SkipString returns the index after the string starting at b[i].
func SkipString(b []byte, i int) (int, error) {
	if i >= len(b) || b[i] != '"' {
		return 0, fmt.Errorf("string expected at byte %d", i)
	}
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		}
	}
	return 0, fmt.Errorf("unterminated string at byte %d", i)
}

// SkipValue returns the index after the JSON value starting at b[i].
// Objects and arrays are skipped by depth; strings inside them are skipped
// whole so that their brackets do not count. Scalars run to the next
// delimiter.
func SkipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errors.New("value expected at the end of the data")
	}
	switch b[i] {
	case '"':
		return SkipString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, err := SkipString(b, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, fmt.Errorf("unterminated value at byte %d", i)
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\n' && b[j] != '\r' && b[j] != '\t' {
		j++
	}
	if j == i {
		return 0, fmt.Errorf("value expected at byte %d", i)
	}
	return j, nil
}
