package portal

import (
	"net/http"
	"strings"
	"time"

	"dancu/internal/auth"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/residence"
)

// residenceKinds are the residence procedures a citizen files online
// (issue 13): their codes and the portal's form for each.
var residenceKinds = []struct{ code, path string }{
	{"residence.permanent", "permanent"}, {"residence.temporary", "temporary"}, {"residence.absence", "absence"}, {"residence.stay_notice", "stay"},
}

type residenceIndex struct {
	Kinds []residenceLink
}

type residenceLink struct {
	Path, Name, Basis string
	Days              int
}

// residencePage lists the residence procedures filed online.
func (s *server) residencePage(w http.ResponseWriter, r *http.Request, v *view) error {
	var d residenceIndex
	for _, k := range residenceKinds {
		kind, err := s.proc.Kind(k.code)
		if err != nil {
			continue // a deployment without the kind
		}
		info := kind.Info()
		name := info.NameVI
		if v.Lang == langEN {
			name = info.NameEN
		}
		d.Kinds = append(d.Kinds, residenceLink{Path: k.path, Name: name, Basis: info.LegalBasis, Days: info.WorkingDays})
	}
	v.Title, v.Nav = v.T("residence.title"), "dossiers"
	s.render(w, v, http.StatusOK, "residence", d)
	return nil
}

// provinceChoice is the first step of a form that needs a commune.
func (s *server) provinceChoice(v *view, chosen string) *input {
	in := &input{Name: "province", Label: v.T("online.province"), Type: "select"}
	for _, p := range s.units.Provinces(auth.UnitList) {
		in.Options = append(in.Options, option{Value: p.Code, Label: p.FullName, Selected: p.Code == chosen})
	}
	return in
}

// communeInput lists the communes of province.
func (s *server) communeInput(v *view, province, chosen string) input {
	in := input{Name: "commune", Label: v.T("online.commune"), Type: "select", Required: true}
	for _, c := range s.units.Communes(auth.UnitList, province) {
		in.Options = append(in.Options, option{Value: c.Code, Label: c.FullName, Selected: c.Code == chosen})
	}
	return in
}

func (s *server) temporaryForm(v *view, province string, r *http.Request) *dossierForm {
	val := func(n string) string {
		if r == nil {
			return ""
		}
		return strings.TrimSpace(r.PostFormValue(n))
	}
	f := &dossierForm{Kind: "residence.temporary", Heading: v.T("temporary.title"), Intro: v.T("temporary.intro"),
		Action: Prefix + "/residence/temporary", Choose: s.provinceChoice(v, province)}
	if _, ok := s.units.Lookup(auth.UnitList, province); !ok {
		return f
	}
	basis := input{Name: "basis", Label: v.T("temporary.basis"), Type: "select", Required: true}
	for _, b := range []string{"owned", "rented", "lent", "relative", "other"} {
		basis.Options = append(basis.Options, option{Value: b, Label: v.T("basis." + b), Selected: val("basis") == b})
	}
	from := val("from")
	if from == "" {
		from = time.Now().In(procedure.Vietnam).Format(time.DateOnly)
	}
	f.Inputs = []input{{Name: "province", Type: "hidden", Value: province}, s.communeInput(v, province, val("commune")),
		{Name: "address", Label: v.T("online.address"), Type: "text", Value: val("address"), Required: true, Hint: v.T("online.address.hint")},
		{Name: "from", Label: v.T("temporary.from"), Type: "date", Value: from, Required: true},
		{Name: "until", Label: v.T("temporary.until"), Type: "date", Value: val("until"), Required: true, Hint: v.T("temporary.until.hint")},
		basis, {Name: "lookup_ref", Label: v.T("temporary.lookup"), Type: "text", Value: val("lookup_ref"), Hint: v.T("temporary.lookup.hint")}}
	f.Uploads = []upload{{Name: "accommodation_proof", Label: v.T("doc.accommodation_proof"), Hint: v.T("doc.hint")},
		{Name: "owner_consent", Label: v.T("doc.owner_consent"), Hint: v.T("doc.hint")}}
	for i := range f.Inputs {
		if f.Inputs[i].Name == "commune" {
			f.Inputs[i].Required = true
		}
	}
	return f
}

func (s *server) temporaryPage(w http.ResponseWriter, r *http.Request, v *view) error {
	s.renderForm(w, v, http.StatusOK, s.temporaryForm(v, r.URL.Query().Get("province"), nil))
	return nil
}

// temporarySubmit files đăng ký tạm trú for the citizen themself.
func (s *server) temporarySubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	if err := r.ParseMultipartForm(maxUploadMemory); err != nil {
		return badUpload(v)
	}
	defer r.MultipartForm.RemoveAll()
	f := s.temporaryForm(v, r.PostFormValue("province"), r)
	form := residence.TemporaryForm{Members: []residence.Member{{CitizenID: v.Session.CitizenID}},
		Commune: r.PostFormValue("commune"), Address: r.PostFormValue("address"),
		From: day(r.PostFormValue("from")), Until: day(r.PostFormValue("until")),
		Accommodation: residence.Accommodation{Basis: r.PostFormValue("basis"), LookupRef: r.PostFormValue("lookup_ref")}}
	docs, ok := f.documents(v, r)
	if !ok {
		s.renderForm(w, v, http.StatusUnprocessableEntity, f)
		return nil
	}
	return s.submit(w, r, v, f, form, "self", docs)
}

// day reads a date input (YYYY-MM-DD); anything else is the zero date,
// which the form's rules refuse with their own message.
func day(s string) pdate.Date {
	d, err := pdate.Parse(strings.TrimSpace(s))
	if err != nil {
		return pdate.Date{}
	}
	return d
}
