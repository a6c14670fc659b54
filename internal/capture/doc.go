// Package capture checks biometric captures at intake, before they are
// stored or sent to card production: format, resolution, shape, file size
// and that the image actually shows something. It is domain code: it takes
// bytes and returns a typed error, with no HTTP or storage.
package capture
