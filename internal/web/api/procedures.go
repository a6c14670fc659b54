package api

import (
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/procedure"
)

// Audited disclosures of dossiers (the service audits their changes).
const (
	actDossiers      = "procedure.list"
	actDossier       = "procedure.read"
	actDossierDoc    = "procedure.document.read"
	actDossierResult = "procedure.result"
	actResidence     = "citizen.residence"
	actAbsentees     = "residence.absentees"
)

var errNoProcedures = apperr.New(apperr.Internal, "this server handles no procedures")

// procedureRoutes are the dossiers of administrative procedures and the
// residence reads.
func (s *server) procedureRoutes() []route {
	return []route{
		{method: "GET", path: "/api/v1/procedures", h: s.procedureKinds},
		{method: "GET", path: "/api/v1/procedures/counts", h: s.procedureCounts},
		{method: "POST", path: "/api/v1/dossiers", h: s.receiveDossier},
		{method: "GET", path: "/api/v1/dossiers", h: s.listDossiers},
		{method: "POST", path: "/api/v1/dossiers/approvals", h: s.approveDossiers},
		{method: "GET", path: "/api/v1/dossiers/{id}", h: s.getDossier},
		{method: "POST", path: "/api/v1/dossiers/{id}/steps", h: s.stepDossier},
		{method: "POST", path: "/api/v1/dossiers/{id}/documents", maxBody: procedure.MaxDocument + 1, h: s.addDossierDocument},
		{method: "GET", path: "/api/v1/dossiers/{id}/documents/{doc}", h: s.getDossierDocument},
		{method: "GET", path: "/api/v1/dossiers/{id}/receipt", h: s.dossierReceipt},
		{method: "GET", path: "/api/v1/dossiers/{id}/result", h: s.dossierResult},
		{method: "GET", path: "/api/v1/citizens/{id}/residence", pattern: "/api/v1/citizens/{id}/{sub}", h: s.residenceHistory},
		{method: "GET", path: "/api/v1/residence/grounds", h: s.residenceGrounds},
		{method: "GET", path: "/api/v1/residence/absentees", h: s.absentees},
	}
}

func (s *server) procedures() (*procedure.Service, error) {
	if s.proc == nil || s.residence == nil {
		return nil, errNoProcedures
	}
	return s.proc, nil
}

type kindsResponse struct {
	Kinds []procedure.Info `json:"kinds"`
}

// procedureKinds serves GET /procedures: the procedures this register
// handles, with deadlines, fees and controls.
func (s *server) procedureKinds(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := s.procedures()
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, kindsResponse{Kinds: p.Kinds()})
}

// dossierSubjects lists the citizens a set of dossiers is about.
func dossierSubjects(ds ...procedure.Dossier) []string {
	var ids []string
	for _, d := range ds {
		ids = append(ids, d.SubjectIDs()...)
	}
	return ids
}
