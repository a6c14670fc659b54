package dedupe

import (
	"slices"
	"strings"
	"unicode"

	"dancu/internal/textfold"
)

// Name is a Vietnamese full name as folded tokens, in the written order:
// surname (họ) first, given name (tên) last, middle names (chữ đệm) between.
// The derived strings (full, bag, …) are built once by ParseName: scoring
// asks for them millions of times, and building them on each call was a
// fifth of a full run's CPU.
type Name struct {
	Tokens []string
	// forms are set by ParseName and shared by every record with the name
	// as written: held in each record, the five strings cost 80 bytes a
	// name, five names a record (390 MB of a million-record run). A Name
	// built from Tokens alone (nil forms) computes them on demand.
	forms *nameForms
}

// nameForms are a parsed name's derived strings. untyped is the name with
// Telex leftovers undone ("nguyeenx" → "nguyen", see undoTelex), or "" when
// it has none. The tokens keep what was typed: a key slip onto a tone key
// ("Anh" → "Anj") looks like a leftover, and undoing it would turn a slip
// into another name.
type nameForms struct {
	full, bag, surnameGiven, surnameMiddles, untyped string
}

// untyped returns the Telex-free form, or "" when the name has none.
func (n Name) untyped() string {
	if n.forms == nil {
		return ""
	}
	return n.forms.untyped
}

// ParseName folds a full name and splits it into tokens. Anything but a
// letter, digit or apostrophe ("H'Hen") separates tokens, so "Nguyễn-Văn
// An" and "Nguyen Van An" give the same tokens.
func ParseName(s string) Name { return Interner{}.parseName(s) }

func (in Interner) parseName(s string) Name {
	if n, ok := in.names[s]; ok {
		return n // Tokens is shared: names are never changed once parsed
	}
	n := in.parseNew(s)
	if in.names != nil && s != "" {
		in.names[in.intern(s)] = n
	}
	return n
}

func (in Interner) parseNew(s string) Name {
	f := textfold.Fold(splitCamel(s))
	toks := strings.FieldsFunc(f, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	for i, t := range toks {
		toks[i] = in.intern(t)
	}
	n := Name{Tokens: toks}
	if len(toks) == 0 {
		return n
	}
	forms := &nameForms{full: in.intern(n.computeFull()), bag: in.intern(n.computeBag()),
		surnameGiven: in.intern(n.computeSurnameGiven()), surnameMiddles: in.intern(n.computeSurnameMiddles())}
	if u := untypedFull(toks); u != forms.full {
		forms.untyped = in.intern(u)
	}
	n.forms = forms
	return n
}

// IsZero reports an empty name.
func (n Name) IsZero() bool { return len(n.Tokens) == 0 }

// Surname is the first token.
func (n Name) Surname() string {
	if len(n.Tokens) == 0 {
		return ""
	}
	return n.Tokens[0]
}

// Given is the last token; a one-word name is its own given name.
func (n Name) Given() string {
	if len(n.Tokens) == 0 {
		return ""
	}
	return n.Tokens[len(n.Tokens)-1]
}

// Middles are the tokens between surname and given name.
func (n Name) Middles() []string {
	if len(n.Tokens) < 3 {
		return nil
	}
	return n.Tokens[1 : len(n.Tokens)-1]
}

// Full is the folded name with single spaces.
func (n Name) Full() string {
	if n.forms != nil {
		return n.forms.full
	}
	if len(n.Tokens) == 0 {
		return ""
	}
	return n.computeFull()
}

func (n Name) computeFull() string { return strings.Join(n.Tokens, " ") }

// SurnameGiven is the name without its middle names: the part that stays
// when a clerk drops or adds a chữ đệm.
func (n Name) SurnameGiven() string {
	if n.forms != nil {
		return n.forms.surnameGiven
	}
	if len(n.Tokens) == 0 {
		return ""
	}
	return n.computeSurnameGiven()
}

func (n Name) computeSurnameGiven() string {
	if len(n.Tokens) < 2 {
		return n.computeFull()
	}
	return n.Surname() + " " + n.Given()
}

// SurnameMiddles is the name without its given name.
func (n Name) SurnameMiddles() string {
	if n.forms != nil {
		return n.forms.surnameMiddles
	}
	if len(n.Tokens) < 2 {
		return ""
	}
	return n.computeSurnameMiddles()
}

func (n Name) computeSurnameMiddles() string {
	if len(n.Tokens) < 2 {
		return ""
	}
	return strings.Join(n.Tokens[:len(n.Tokens)-1], " ")
}

// Bag is the tokens sorted: the same for "Nguyễn Văn An" and a form that
// wrote the given name first ("An Nguyễn Văn").
func (n Name) Bag() string {
	if n.forms != nil {
		return n.forms.bag
	}
	if len(n.Tokens) == 0 {
		return ""
	}
	return n.computeBag()
}

func (n Name) computeBag() string {
	t := slices.Clone(n.Tokens)
	slices.Sort(t)
	return strings.Join(t, " ")
}
