// An object placed in a section the toolchain reserves (here a note) is refused, naming the object, the section and the file.
// expect-error: section_reserved.c: `package_note` is placed in section `.note.package`
// expect-error: reserved for the toolchain
__attribute__((used, section(".note.package"))) static const char package_note[] = "demo 1.0";

int main(void) { return 0; }
