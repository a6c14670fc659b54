package api

import (
	"encoding/base64"
	"io"
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/chip"
	"dancu/internal/issuance"
)

// maxCaptureBody bounds one capture upload: the photo check allows 2 MiB.
const maxCaptureBody = 3 << 20

type captureResponse struct {
	Ref  string `json:"ref"`
	Kind string `json:"kind"`
}

// uploadCapture serves POST /captures?kind=photo|fingerprint|signature:
// the body is the image itself (JPEG photo, PNG print or signature). It
// passes the intake quality checks before it is stored, encrypted; the
// returned ref goes into an application's captures. Biometric bytes are
// never logged or echoed.
func (s *server) uploadCapture(w http.ResponseWriter, r *http.Request, c *call) error {
	if s.blobs == nil {
		return apperr.New(apperr.Internal, "this server keeps no captures (no blob store configured)")
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return bodyError(err)
	}
	svc, err := s.issuance()
	if err != nil {
		return err
	}
	kind := issuance.CaptureKind(r.URL.Query().Get("kind"))
	ref, err := svc.StoreCapture(r.Context(), c.user, kind, data)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, captureResponse{Ref: ref, Kind: string(kind)})
}

// chipVerifyRequest is a chip image as read from a card: each file in
// base64 (EF.COM, EF.SOD, DG1.bin, DG2.bin, DG13.bin …).
type chipVerifyRequest struct {
	Files map[string]string `json:"files"`
}

type chipVerifyResponse struct {
	Valid  bool         `json:"valid"`
	Checks []chipResult `json:"checks"`
}

type chipResult struct {
	Name  string `json:"name"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

// verifyChip serves POST /chip/verify: passive authentication of a chip
// image against the CSCA (SOD signature, certificate chain, every data
// group's hash). The answer names each check; the data groups' content is
// not echoed.
func (s *server) verifyChip(w http.ResponseWriter, r *http.Request, c *call) error {
	if s.csca == nil {
		return apperr.New(apperr.Internal, "this server has no CSCA certificate to verify against")
	}
	var req chipVerifyRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	files := make(map[string][]byte, len(req.Files))
	for name, b64 := range req.Files {
		b, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			return apperr.WithFields("invalid chip image", apperr.FieldError{Field: "files." + name, Reason: "must be standard base64"})
		}
		files[name] = b
	}
	img, err := chip.ImageFromFiles(files)
	if err != nil {
		return apperr.WithFields("invalid chip image", apperr.FieldError{Field: "files", Reason: err.Error()})
	}
	rep, _ := chip.VerifyAt(img, s.csca, s.auth.Now())
	out := chipVerifyResponse{Valid: rep.OK(), Checks: []chipResult{}}
	for _, ch := range rep.Checks {
		res := chipResult{Name: string(ch.Name), OK: ch.Err == nil}
		if ch.Err != nil {
			res.Error = ch.Err.Error()
		}
		out.Checks = append(out.Checks, res)
	}
	return writeJSON(w, http.StatusOK, out)
}
