package synthbio

import "fmt"

// Finger is a finger position as numbered by ISO/IEC 19794-4 and ANSI/NIST
// (1 right thumb … 5 right little, 6 left thumb … 10 left little).
type Finger int

const (
	RightThumb Finger = iota + 1
	RightIndex
	RightMiddle
	RightRing
	RightLittle
	LeftThumb
	LeftIndex
	LeftMiddle
	LeftRing
	LeftLittle
)

// Fingers lists the ten positions in capture order.
var Fingers = [10]Finger{RightThumb, RightIndex, RightMiddle, RightRing, RightLittle, LeftThumb, LeftIndex, LeftMiddle, LeftRing, LeftLittle}

var fingerNames = [...]string{"", "right thumb", "right index", "right middle", "right ring", "right little", "left thumb", "left index", "left middle", "left ring", "left little"}

func (f Finger) String() string {
	if f < RightThumb || f > LeftLittle {
		return fmt.Sprintf("finger(%d)", int(f))
	}
	return fingerNames[f]
}

// Valid reports whether f is one of the ten positions.
func (f Finger) Valid() bool { return f >= RightThumb && f <= LeftLittle }

// right reports whether f is on the right hand; loops on the two hands
// mostly open towards the little finger, so the hand sets their direction.
func (f Finger) right() bool { return f <= RightLittle }
