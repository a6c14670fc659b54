package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"dancu/internal/apperr"
)

// writeJSON sends v with status. Responses carry personal data, so no
// cache may keep them. A json.RawMessage is sent as it is: it comes from
// the store, which wrote it with encoding/json (json.Marshal would validate
// and compact it again).
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, ok := v.(json.RawMessage)
	if !ok {
		var err error
		if b, err = json.Marshal(v); err != nil {
			return apperr.Wrap(err, "encode response")
		}
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(b)+1))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
	return nil
}

// decodeJSON reads exactly one JSON object into dst, refusing unknown
// fields, trailing data and text that is not Unicode (see textError). The
// body is already capped by the middleware.
func decodeJSON(r *http.Request, dst any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return bodyError(err)
	}
	if path, bad := textError(body); bad {
		return apperr.WithFields("the request body holds text that is not valid UTF-8",
			apperr.FieldError{Field: path, Reason: "must be UTF-8 text: the value holds invalid bytes or an unpaired surrogate escape"})
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return bodyError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return apperr.New(apperr.Invalid, "the request body must hold a single JSON object")
	}
	return nil
}

// bodyError explains a decoding failure in terms a client can act on.
func bodyError(err error) error {
	var tooBig *http.MaxBytesError
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return &httpError{http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("the request body exceeds %d bytes", tooBig.Limit)}
	case errors.Is(err, io.EOF):
		return apperr.New(apperr.Invalid, "the request body is empty; a JSON object is expected")
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return apperr.New(apperr.Invalid, "the request body is not valid JSON")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "(body)"
		}
		return apperr.WithFields("wrong JSON type", apperr.FieldError{Field: field, Reason: "must be " + jsonKind(typ.Type.Kind().String())})
	}
	// DisallowUnknownFields reports `json: unknown field "x"`.
	if name, ok := bytes.CutPrefix([]byte(err.Error()), []byte("json: unknown field ")); ok {
		field, _ := strconv.Unquote(string(name))
		return apperr.WithFields("unknown field in the request body", apperr.FieldError{Field: field, Reason: "unknown field"})
	}
	return apperr.New(apperr.Invalid, "the request body could not be read")
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "int", "int64", "int32", "uint", "uint64", "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "map", "struct":
		return "an object"
	case "slice", "array":
		return "an array"
	}
	return "another type"
}
