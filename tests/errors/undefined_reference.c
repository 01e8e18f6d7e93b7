// A link-time undefined reference fails the build, names the symbol, and leaves no partial executables behind.
// expect-error: not_defined_anywhere
extern int not_defined_anywhere(int);

int main(void) { return not_defined_anywhere(1); }
