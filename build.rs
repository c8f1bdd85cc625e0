// Embedded files (the UI in assets/, SQL in migrations/) are read at compile time; tell cargo
// to rebuild when they change.
fn main() {
    println!("cargo:rerun-if-changed=assets");
    println!("cargo:rerun-if-changed=migrations");
}
