package units

import "time"

// View is one unit as the API and the command line show it (JSON), with
// the communes it became or was formed from.
type View struct {
	List         ListID `json:"list"`
	Level        Level  `json:"level"`
	Code         string `json:"code"`
	Name         string `json:"name"`
	FullName     string `json:"full_name"`
	ParentCode   string `json:"parent_code,omitempty"`
	Successors   []View `json:"successors,omitempty"`
	Predecessors []View `json:"predecessors,omitempty"`
}

// ListingView is a Listing as the API and the command line show it.
type ListingView struct {
	List          ListID `json:"list"`
	EffectiveFrom string `json:"effective_from"`
	AsOf          string `json:"as_of"`
	Parent        *View  `json:"parent,omitempty"`
	Items         []View `json:"items"`
}

// ViewOf is u without its mapping.
func ViewOf(u Unit) View {
	return View{List: u.List, Level: u.Level, Code: u.Code, Name: u.Name, FullName: u.FullName, ParentCode: u.ParentCode}
}

func ViewsOf(us []Unit) []View {
	if len(us) == 0 {
		return nil
	}
	out := make([]View, len(us))
	for i, u := range us {
		out[i] = ViewOf(u)
	}
	return out
}

// ViewListing is l, browsed on day, with each unit's mapping.
func ViewListing(l Listing, day time.Time) ListingView {
	out := ListingView{List: l.List, EffectiveFrom: l.From.Format(time.DateOnly), AsOf: day.Format(time.DateOnly), Items: make([]View, len(l.Items))}
	if l.Parent != nil {
		p := ViewOf(*l.Parent)
		out.Parent = &p
	}
	for i, e := range l.Items {
		u := ViewOf(e.Unit)
		u.Successors, u.Predecessors = ViewsOf(e.Successors), ViewsOf(e.Predecessors)
		out.Items[i] = u
	}
	return out
}
