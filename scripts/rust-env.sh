# Sourced by the scripts: puts rustup's cargo on PATH when a login shell
# has not done it already.
if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
	. "$HOME/.cargo/env"
fi
