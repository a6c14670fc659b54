package residence

import (
	"context"
	"fmt"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// household reads the living members of household ref and its head.
func household(ctx context.Context, env procedure.Env, ref string) (members []registry.Citizen, head registry.Citizen, err error) {
	page, err := registry.HouseholdMembers(ctx, env.Citizens, ref, "", registry.MaxHouseholdMembers)
	if err != nil {
		return nil, head, err
	}
	for _, s := range page.Items {
		c, err := env.Citizens.Citizen(ctx, s.ID)
		if err != nil {
			return nil, head, err
		}
		if c.Status != registry.Alive || c.HouseholdRef != ref {
			continue
		}
		members = append(members, c)
		if c.RelationToHead == "head" {
			head = c
		}
	}
	if len(members) == 0 {
		return nil, head, apperr.New(apperr.NotFound, "household %s has no living member", ref)
	}
	return members, head, nil
}

func validateJoin(ctx context.Context, env procedure.Env, p *problems, f *PermanentForm) {
	if f.Household == "" {
		p.add("household_ref", "required: the household joined")
		return
	}
	hm, head, err := household(ctx, env, f.Household)
	if err != nil {
		p.add("household_ref", "%v", err)
		return
	}
	if head.ID == "" {
		p.add("household_ref", "household %s has no head on record; register a new head first (case %s)", f.Household, ChangeHead)
		return
	}
	f.Head, f.Commune, f.Province = head.ID, head.Permanent.Commune, head.Permanent.Province
	if f.Address == "" {
		f.Address = head.Permanent.Address
	}
	in := map[string]bool{}
	for _, c := range hm {
		in[c.ID] = true
	}
	for i, m := range f.Members {
		if in[m.CitizenID] {
			p.add(fmt.Sprintf("members[%d].citizen_id", i), "already a member of household %s", f.Household)
		}
		relation(p, i, &f.Members[i], false)
	}
}

// relation canonicalises a member's relation to the head; the head
// itself is "head" and nobody else is.
func relation(p *problems, i int, m *Member, isHead bool) {
	if isHead {
		m.Relation = "head"
		return
	}
	r, err := registry.RelationToHead(m.Relation)
	if err != nil || r == "head" {
		p.add(fmt.Sprintf("members[%d].relation_to_head", i), "required: spouse, child, parent, grandchild, sibling or other")
		return
	}
	m.Relation = r
}

func validateNew(env procedure.Env, p *problems, d *procedure.Dossier, f *PermanentForm) {
	prov, ok := communeOf(env.Units, f.Commune)
	if !ok {
		p.add("commune", "required: a commune code of the current unit list")
	}
	f.Province = prov
	if f.Address == "" {
		p.add("address", "required")
	}
	headIn := false
	for i := range f.Members {
		isHead := f.Members[i].CitizenID == f.Head
		headIn = headIn || isHead
		relation(p, i, &f.Members[i], isHead)
	}
	if !headIn {
		p.add("head", "required: the member who heads the new household")
	}
	f.NewHousehold = newRef(f.Province, f.Commune, d.ID)
}

// newRef is a new household's reference: province, commune and the
// dossier that created it (unique as the dossier id is).
func newRef(province, commune, dossierID string) string {
	return fmt.Sprintf("%s-%s-D%s", province, commune, dossierID[:min(12, len(dossierID))])
}

func validateSplit(ctx context.Context, env procedure.Env, p *problems, d *procedure.Dossier, f *PermanentForm, recs []registry.Citizen) {
	if f.Household == "" {
		p.add("household_ref", "required: the household split")
		return
	}
	_, head, err := household(ctx, env, f.Household)
	if err != nil {
		p.add("household_ref", "%v", err)
		return
	}
	headIn := false
	for i, c := range recs {
		if c.HouseholdRef != f.Household {
			p.add(fmt.Sprintf("members[%d].citizen_id", i), "not a member of household %s", f.Household)
		}
		if c.ID == head.ID {
			p.add(fmt.Sprintf("members[%d].citizen_id", i), "the head stays with the household split; a new head is case %s", ChangeHead)
		}
		isHead := c.ID == f.Head
		headIn = headIn || isHead
		if isHead && !adult(c, today(env)) {
			p.add("head", "the new household's head must be of full age (18)")
		}
	}
	for i := range f.Members {
		relation(p, i, &f.Members[i], f.Members[i].CitizenID == f.Head)
	}
	if !headIn {
		p.add("head", "required: the member who heads the new household")
	}
	if len(recs) > 0 {
		f.Commune, f.Province, f.Address = recs[0].Permanent.Commune, recs[0].Permanent.Province, recs[0].Permanent.Address
	}
	f.NewHousehold = newRef(f.Province, f.Commune, d.ID)
}

func validateChangeHead(ctx context.Context, env procedure.Env, p *problems, f *PermanentForm, recs []registry.Citizen) {
	if f.Household == "" {
		p.add("household_ref", "required: the household")
		return
	}
	hm, _, err := household(ctx, env, f.Household)
	if err != nil {
		p.add("household_ref", "%v", err)
		return
	}
	var head *registry.Citizen
	for i := range hm {
		if hm[i].ID == f.Head {
			head = &hm[i]
		}
	}
	if head == nil || !adult(*head, today(env)) {
		p.add("head", "required: a member of full age (18) of household %s", f.Household)
		return
	}
	for i, c := range recs {
		if c.HouseholdRef != f.Household {
			p.add(fmt.Sprintf("members[%d].citizen_id", i), "not a member of household %s", f.Household)
		}
		relation(p, i, &f.Members[i], c.ID == f.Head)
	}
	f.Commune, f.Province, f.Address = head.Permanent.Commune, head.Permanent.Province, head.Permanent.Address
}

// adult reports a person of full age (18) on day.
func adult(c registry.Citizen, day pdate.Date) bool {
	t, ok := day.Time()
	if !ok {
		return false
	}
	lo, _ := c.BirthDate.AgeAt(t)
	return lo >= 18
}
