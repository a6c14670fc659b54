package portal

import (
	"net/http"
	"strings"

	"dancu/internal/auth"
	"dancu/internal/residence"
)

// permanentCases are the đăng ký thường trú cases a citizen files online
// for themself: a new household at a lawful home, or joining an existing
// household. Splitting a household and changing its head need the
// household's other members, at the desk.
var permanentCases = []string{residence.NewHousehold, residence.JoinHousehold}

// permanentRelations are a joining member's relations to the head.
var permanentRelations = []string{"spouse", "child", "parent", "grandchild", "sibling", "other"}

func (s *server) permanentForm(v *view, province string, r *http.Request) *dossierForm {
	val := func(n string) string {
		if r == nil {
			return ""
		}
		return strings.TrimSpace(r.PostFormValue(n))
	}
	f := &dossierForm{Kind: "residence.permanent", Heading: v.T("permanent.title"), Intro: v.T("permanent.intro"),
		Action: Prefix + "/residence/permanent", Choose: s.provinceChoice(v, province)}
	if _, ok := s.units.Lookup(auth.UnitList, province); !ok {
		return f
	}
	pick := func(name, prefix string, values []string) input {
		in := input{Name: name, Label: v.T("permanent." + name), Type: "select", Required: true}
		for _, c := range values {
			in.Options = append(in.Options, option{Value: c, Label: v.T(prefix + c), Selected: val(name) == c})
		}
		return in
	}
	cases := pick("case", "permanent.case.", permanentCases)
	relation := pick("relation_to_head", "rel.", permanentRelations)
	relation.Required, relation.Hint = false, v.T("permanent.join.hint")
	basis := pick("basis", "basis.", []string{"owned", "rented", "lent", "relative", "other"})
	commune := s.communeInput(v, province, val("commune"))
	commune.Hint = v.T("permanent.new.hint")
	f.Inputs = []input{{Name: "province", Type: "hidden", Value: province}, cases, commune,
		{Name: "address", Label: v.T("online.address"), Type: "text", Value: val("address"), Hint: v.T("permanent.address.hint")},
		{Name: "household_ref", Label: v.T("permanent.household_ref"), Type: "text", Value: val("household_ref"), Hint: v.T("permanent.join.hint")},
		relation, basis,
		{Name: "lookup_ref", Label: v.T("temporary.lookup"), Type: "text", Value: val("lookup_ref"), Hint: v.T("temporary.lookup.hint")}}
	f.Uploads = []upload{{Name: "accommodation_proof", Label: v.T("doc.accommodation_proof"), Hint: v.T("doc.hint")},
		{Name: "owner_consent", Label: v.T("doc.owner_consent"), Hint: v.T("doc.hint")}}
	return f
}

func (s *server) permanentPage(w http.ResponseWriter, r *http.Request, v *view) error {
	s.renderForm(w, v, http.StatusOK, s.permanentForm(v, r.URL.Query().Get("province"), nil))
	return nil
}

// permanentSubmit files đăng ký thường trú for the citizen themself, in
// the procedure engine like the desk's: the engine's form rules decide
// (the household joined, its head and commune; a new household's head is
// the applicant).
func (s *server) permanentSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	if err := r.ParseMultipartForm(maxUploadMemory); err != nil {
		return badUpload(v)
	}
	defer r.MultipartForm.RemoveAll()
	f := s.permanentForm(v, r.PostFormValue("province"), r)
	me := residence.Member{CitizenID: v.Session.CitizenID}
	form := residence.PermanentForm{Case: r.PostFormValue("case"), Members: []residence.Member{me},
		Accommodation: residence.Accommodation{Basis: r.PostFormValue("basis"), LookupRef: r.PostFormValue("lookup_ref")}}
	switch form.Case {
	case residence.NewHousehold:
		form.Commune, form.Address, form.Head = r.PostFormValue("commune"), r.PostFormValue("address"), me.CitizenID
	case residence.JoinHousehold:
		form.Household, form.Members[0].Relation = r.PostFormValue("household_ref"), r.PostFormValue("relation_to_head")
		form.Address = r.PostFormValue("address")
	}
	docs, ok := f.documents(v, r)
	if !ok {
		s.renderForm(w, v, http.StatusUnprocessableEntity, f)
		return nil
	}
	return s.submit(w, r, v, f, form, "self", docs)
}
