//! `ha-codegen`: see the library documentation.

fn main() {
    std::process::exit(ha_codegen::cli::run(std::env::args_os()));
}
