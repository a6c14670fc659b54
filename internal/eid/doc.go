// Package eid is the citizens' electronic identification accounts (VNeID,
// định danh điện tử; NĐ 69/2024): self-service level-1 enrolment checked
// against the register and the card photo on file, level 2 verified in
// person or issued with a card at hand-over, activation by one-time code,
// passwords (argon2id in the process-wide bounded hasher), passkeys,
// suspension, recovery, devices, and the activation statistics per unit.
//
// Other capabilities build on three calls: Authenticate (the OpenID
// Connect provider's login page), Account and Level2Account (the căn cước
// điện tử), and the AccountHook they register to learn that an account was
// withdrawn. The package imports no SQL or HTTP: storage implements Store,
// the SMS gateway OTPSender, the ABIS BiometricMatcher.
package eid
