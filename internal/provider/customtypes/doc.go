// Package customtypes holds the provider's custom attribute types:
// StringSetType, a set of strings whose validation and equality are linear
// (the framework's are quadratic, seconds for a group of 10,000 members),
// and WholeNumberType, the type of every integer argument, which turns a
// number no int64 holds (1e30, 1.5) into an error that names the argument
// instead of the framework's "Value Conversion Error". Both are, to
// Terraform, the framework types they build on.
package customtypes
