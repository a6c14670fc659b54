package api

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// textError finds the first JSON string of body, key or value, that is not
// Unicode text: bytes that are not UTF-8, or a \u escape of an unpaired
// UTF-16 surrogate. encoding/json would silently turn either into U+FFFD
// and the record would keep a character the client never sent. It returns
// the string's path ("changes.full_name", "items[2].name") and true.
func textError(body []byte) (string, bool) {
	if utf8.Valid(body) && !hasSurrogateEscape(body) {
		return "", false // the common case: one pass, no tokens
	}
	type frame struct {
		object  bool
		key     string
		index   int
		wantKey bool
	}
	var stack []*frame
	path := func() string {
		var b []byte
		for _, f := range stack {
			if f.object {
				if len(b) > 0 {
					b = append(b, '.')
				}
				b = append(b, f.key...)
			} else {
				b = append(b, '[')
				b = strconv.AppendInt(b, int64(f.index), 10)
				b = append(b, ']')
			}
		}
		if len(b) == 0 {
			return "(body)"
		}
		return string(b)
	}
	consumed := func() {
		if n := len(stack); n > 0 {
			if f := stack[n-1]; f.object {
				f.wantKey = true
			} else {
				f.index++
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	prev := int64(0)
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", false // malformed JSON is reported by the decoding itself
		}
		cur := dec.InputOffset()
		raw := body[prev:cur] // separators (ASCII) and the token as sent
		prev = cur
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, &frame{object: true, wantKey: true})
			case '[':
				stack = append(stack, &frame{})
			default:
				stack = stack[:len(stack)-1]
				consumed()
			}
		case string:
			if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].wantKey {
				stack[n-1].key, stack[n-1].wantKey = t, false
				if !validText(raw) {
					return path(), true
				}
				continue
			}
			if !validText(raw) {
				return path(), true
			}
			consumed()
		default:
			consumed()
		}
	}
}

// hasSurrogateEscape reports whether b holds \uD800–\uDFFF (any case).
func hasSurrogateEscape(b []byte) bool {
	for {
		i := bytes.Index(b, []byte(`\u`))
		if i < 0 || i+2 >= len(b) {
			return false
		}
		if c := b[i+2]; c == 'd' || c == 'D' {
			return true
		}
		b = b[i+2:]
	}
}

// validText reports whether a raw JSON string (with what precedes it) is
// UTF-8 and pairs every surrogate escape.
func validText(raw []byte) bool {
	if !utf8.Valid(raw) {
		return false
	}
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' || i+1 >= len(raw) {
			continue
		}
		if raw[i+1] != 'u' {
			i++ // a two-character escape such as \\ or \"
			continue
		}
		v, ok := hex4(raw, i+2)
		switch {
		case !ok:
			return false
		case v >= 0xD800 && v < 0xDC00:
			lo, ok := hex4(raw, i+8)
			if !ok || raw[i+6] != '\\' || raw[i+7] != 'u' || lo < 0xDC00 || lo >= 0xE000 {
				return false
			}
			i += 11
		case v >= 0xDC00 && v < 0xE000:
			return false
		default:
			i += 5
		}
	}
	return true
}

// hex4 reads four hex digits at b[at:].
func hex4(b []byte, at int) (rune, bool) {
	if at+4 > len(b) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(b[at:at+4]), 16, 32)
	return rune(v), err == nil
}
