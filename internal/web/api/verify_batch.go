package api

import (
	"context"
	"errors"
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/share"
)

// batchAnswer is one line of a batch's results: the line number and the
// match answer, or why the line was refused.
type batchAnswer struct {
	Line int `json:"line"`
	*share.MatchResult
	Error string `json:"error,omitempty"`
}

// submitBatch serves POST /verify/batches?purpose=…: a JSON Lines file of
// up to 100,000 match queries, answered in the background. Batches serve
// purposes without consent only: a list check has no consent per person.
func (s *server) submitBatch(w http.ResponseWriter, r *http.Request, c *call, p share.Principal) error {
	q := r.URL.Query()
	req := share.VerifyRequest{Purpose: q.Get("purpose")}
	if purpose, ok := p.Agency.Purpose(req.Purpose); ok && purpose.ConsentRequired {
		return apperr.New(apperr.Forbidden, "batch verification is not available for a purpose that requires consent")
	}
	purpose, err := s.authorizePurpose(r, c, p, actVerifyBatch, req, nil)
	if err != nil {
		return err
	}
	lines, err := share.ParseBatch(r.Body, purpose.Name, share.MaxBatchLines)
	if err != nil {
		return bodyErrorOr(err)
	}
	job, ok := s.batches.start(p.Agency.ID, len(lines), s.share.Now())
	if !ok {
		return rateLimited(0)
	}
	accepted := *job // copied before the job starts changing it
	// The job outlives the request; it is bound to the server, not the call.
	go s.runBatch(context.WithoutCancel(r.Context()), c, p, purpose, job, lines)
	w.Header().Set("Location", "/api/v1/verify/batches/"+job.ID)
	return writeJSON(w, http.StatusAccepted, accepted)
}

// bodyErrorOr turns a read failure (body too large) into its HTTP error.
func bodyErrorOr(err error) error {
	if apperr.CodeOf(err) == apperr.Internal {
		return bodyError(err)
	}
	return err
}

// runBatch answers the lines in order. share.NextBatchLine admits each
// line: it charges the line to the agency's rate limit (waiting for a
// token) and reads the agency from storage, so a suspension made by any
// process stops the batch at the next line, and a changed scope or legal
// basis applies from the next line on.
func (s *server) runBatch(ctx context.Context, c *call, p share.Principal, purpose share.Purpose, job *batchJob, lines []share.BatchLine) {
	callCopy := *c
	for _, l := range lines {
		a, err := s.share.NextBatchLine(ctx, p.Agency.ID)
		if err != nil {
			if errors.Is(err, share.ErrSuspended) {
				s.log.Info("batch verification stopped: agency suspended", "request_id", c.id, "batch", job.ID, "agency", p.Agency.ID)
				s.batches.stop(job, batchStopped, s.share.Now())
				return
			}
			s.log.Error("batch verification failed", "request_id", c.id, "batch", job.ID, "err", err)
			s.batches.stop(job, batchFailed, s.share.Now())
			return
		}
		p.Agency = a
		ans := batchAnswer{Line: l.Line, Error: l.Error}
		if _, ok := a.Purpose(purpose.Name); !ok && ans.Error == "" {
			ans.Error = "the purpose is no longer registered for this agency"
		}
		if ans.Error == "" {
			if out := l.Query.OutOfScope(p.Agency.Fields); len(out) > 0 {
				ans.Error = "fields outside the agency's scope"
			}
		}
		if ans.Error == "" {
			res, err := s.matchOne(ctx, &callCopy, p, purpose, l.Query)
			if err != nil {
				s.log.Error("batch verification line failed", "request_id", c.id, "batch", job.ID, "line", l.Line, "err", err)
				ans.Error = "internal error; quote the batch id to the operators"
			} else {
				ans.MatchResult = &res
			}
		}
		s.batches.add(job, ans, s.share.Now())
	}
}

// matchOne answers and audits one query of a batch.
func (s *server) matchOne(ctx context.Context, c *call, p share.Principal, purpose share.Purpose, q share.MatchQuery) (share.MatchResult, error) {
	var subj *share.Subject
	got, err := s.share.Store().MatchSubject(ctx, q.IDNumber, q.AddressText != "")
	switch {
	case err == nil:
		subj = &got
	case !apperr.Is(err, apperr.NotFound):
		return share.MatchResult{}, err
	}
	res := share.Compare(q, subj)
	var ids []string
	if subj != nil {
		ids = []string{subj.CitizenID}
	}
	return res, s.recordAgency(ctx, c, p, agencyAudit{action: actVerifyBatch, purpose: purpose, fields: q.Asked(), citizenIDs: ids, result: res.Result})
}

func (s *server) batchStatus(w http.ResponseWriter, r *http.Request, c *call, p share.Principal) error {
	job, ok := s.batches.get(p.Agency.ID, r.PathValue("id"))
	if !ok {
		return apperr.New(apperr.NotFound, "no such batch")
	}
	return writeJSON(w, http.StatusOK, job)
}

// batchResults streams the answers as JSON Lines once the batch is done.
// The agency is read afresh from storage: a suspended agency downloads
// nothing, even within the token cache's seconds, and a batch stopped by a
// suspension keeps no answers to download after reinstatement.
func (s *server) batchResults(w http.ResponseWriter, r *http.Request, c *call, p share.Principal) error {
	if _, err := s.share.ActiveAgency(r.Context(), p.Agency.ID); err != nil {
		return err
	}
	job, ok := s.batches.get(p.Agency.ID, r.PathValue("id"))
	if !ok {
		return apperr.New(apperr.NotFound, "no such batch")
	}
	switch job.Status {
	case batchRunning:
		return apperr.New(apperr.Conflict, "the batch is still running (%d of %d lines answered)", job.Done, job.Lines)
	case batchStopped:
		return apperr.New(apperr.Forbidden, "the batch was stopped when the agency was suspended; its answers were discarded")
	case batchFailed:
		return apperr.New(apperr.Internal, "the batch failed; quote the batch id to the operators")
	}
	h := w.Header()
	h.Set("Content-Type", "application/x-ndjson")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	for _, line := range job.results {
		w.Write(line)
		w.Write([]byte{'\n'})
	}
	return nil
}
