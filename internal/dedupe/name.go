package dedupe

import (
	"slices"
	"strings"
	"unicode"

	"dancu/internal/textfold"
)

// Name is a Vietnamese full name as folded tokens, in the written order:
// surname (họ) first, given name (tên) last, middle names (chữ đệm) between.
type Name struct {
	Tokens []string
}

// ParseName folds a full name and splits it into tokens. Anything but a
// letter, digit or apostrophe ("H'Hen") separates tokens, so "Nguyễn-Văn
// An" and "Nguyen Van An" give the same tokens.
func ParseName(s string) Name {
	f := textfold.Fold(s)
	toks := strings.FieldsFunc(f, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	return Name{Tokens: toks}
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
func (n Name) Full() string { return strings.Join(n.Tokens, " ") }

// SurnameGiven is the name without its middle names: the part that stays
// when a clerk drops or adds a chữ đệm.
func (n Name) SurnameGiven() string {
	if len(n.Tokens) < 2 {
		return n.Full()
	}
	return n.Surname() + " " + n.Given()
}

// SurnameMiddles is the name without its given name.
func (n Name) SurnameMiddles() string {
	if len(n.Tokens) < 2 {
		return ""
	}
	return strings.Join(n.Tokens[:len(n.Tokens)-1], " ")
}

// Bag is the tokens sorted: the same for "Nguyễn Văn An" and a form that
// wrote the given name first ("An Nguyễn Văn").
func (n Name) Bag() string {
	t := slices.Clone(n.Tokens)
	slices.Sort(t)
	return strings.Join(t, " ")
}
