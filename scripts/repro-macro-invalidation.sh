#!/usr/bin/env bash
# Shows, on a small proc macro that has nothing to do with this project, why an edit inside a
# macro invocation that changes the invocation's length used to cost a full re-check of the
# HA stack's expansion, and what fixed it (docs/edit-loop.md, "Why most edits cost more than
# the best case"). The macro ignores its input apart from the first token and expands to
# 3,000 small functions, every token it writes located at that first token; each function
# holds one integer that `quote` interpolates. `many!` leaves that literal where `quote` puts
# it, at the call site (the span of the whole invocation); `many_anchored!` moves it to the
# first token too. The edits only change a comment, so the macros' input and output tokens
# stay identical; what changes is the byte length of the invocation.
#
#   scripts/repro-macro-invalidation.sh      # builds in a temporary directory, prints times
# Needs the crates quote and proc-macro2 (downloaded once from crates.io by cargo).
set -euo pipefail
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
mkdir -p "$DIR/pm/src" "$DIR/app/src"
cat >"$DIR/Cargo.toml" <<'TOML'
[workspace]
members = ["pm", "app"]
resolver = "2"
TOML
cat >"$DIR/pm/Cargo.toml" <<'TOML'
[package]
name = "pm"
version = "0.1.0"
edition = "2021"
[lib]
proc-macro = true
[dependencies]
quote = "1"
proc-macro2 = "1"
TOML
cat >"$DIR/pm/src/lib.rs" <<'RS'
use proc_macro2::{Literal, Span, TokenStream};
use quote::{format_ident, quote_spanned};
/// 3,000 functions; every token they are written with is located at the first input token,
/// and the interpolated integer too when `anchored`.
fn expand(input: proc_macro::TokenStream, anchored: bool) -> proc_macro::TokenStream {
    let first = TokenStream::from(input).into_iter().next().expect("a token");
    let s: Span = first.span();
    let fns = (0..3000u64).map(|i| {
        let n = format_ident!("f{}", i, span = s);
        let mut v = Literal::u64_unsuffixed(i); // at the call site, as `quote` puts it
        if anchored {
            v.set_span(s);
        }
        quote_spanned!(s=> pub fn #n() -> u64 {
            let mut x = 0u64;
            for j in 0..10u64 { x = x.wrapping_add(j * #v); }
            x
        })
    });
    quote_spanned!(s=> #(#fns)*).into()
}
#[proc_macro]
pub fn many(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand(input, false)
}
#[proc_macro]
pub fn many_anchored(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand(input, true)
}
RS
cat >"$DIR/app/Cargo.toml" <<'TOML'
[package]
name = "app"
version = "0.1.0"
edition = "2021"
[dependencies]
pm = { path = "../pm" }
TOML
cd "$DIR"
write() { printf '%s\npm::%s! { anchor\n    // %s\n}\n' "$1" "$MACRO" "$2" >app/src/lib.rs; }
build() {
  local t0 t1; t0=$(date +%s%N)
  cargo build -q -p app
  t1=$(date +%s%N)
  awk -v d=$((t1 - t0)) -v what="$1" 'BEGIN { printf "  %-62s %.2f s\n", what, d / 1e9 }'
}
for MACRO in many many_anchored; do
  echo "$MACRO!"
  write "// a" "x"; cargo build -q -p app
  write "// a" "y";    build "comment inside the invocation, same length"
  write "// a" "yy";   build "comment inside the invocation, one byte longer"
  write "// a" "zz";   build "comment inside the invocation, same length again"
  write "// bb" "zz";  build "comment before the invocation, one byte longer (it moves)"
  write "// bb" "zzz"; build "comment inside the invocation, one byte longer"
done
