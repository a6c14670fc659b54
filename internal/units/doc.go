// Package units holds Vietnam's administrative units (provinces, districts,
// communes) as versioned lists, embedded in the binary.
//
// Two lists exist: List2025March (63 provinces, 696 districts, 10,035
// communes, in force 2025-03-01 .. 2025-06-30) and List2025July (34
// provinces, 3,321 communes, no districts, in force from 2025-07-01).
// Codes were reused with a new meaning on 2025-07-01 (province 15 was Yên
// Bái and is now Lào Cai), so a code is only meaningful together with its
// ListID; every query takes one.
//
// The personal-ID prefix ("0" + province code) always refers to the
// 63-province list; see IDPrefixProvince.
//
// Default returns the embedded catalog. A Catalog is immutable after Load,
// so it is safe for concurrent use, and every slice it returns is a copy.
package units
