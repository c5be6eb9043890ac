# Sourced by the `cc` wrapper of the macOS targets (scripts/lib/zig-toolchain.js), before it runs Zig.
# Assembly declares its functions .globl, which -fvisibility=hidden does not reach, and Zig's Mach-O
# linker takes no export list: each `.globl sym` of a .s/.S argument gets a `.private_extern sym`
# beside it, in a copy next to the file (so that its relative includes still resolve), and the
# copy is compiled instead. A common symbol (`.comm sym,size,align`: OpenSSL's CPU capability
# vector) becomes a zero-filled definition, private extern too: Zig's linker exports a private
# extern common symbol all the same.
count=$#
for arg in "$@"; do
  case "$arg" in
    *.s|*.S)
      if [ -f "$arg" ]; then
        hidden="${arg%.*}.hidden.${arg##*.}"
        sed -E \
          -e 's/^([[:space:]]*)\.globl[[:space:]]+([A-Za-z0-9_$.]+)[[:space:]]*$/&\n\1.private_extern \2/' \
          -e 's/^([[:space:]]*)\.comm[[:space:]]+([A-Za-z0-9_$.]+),[[:space:]]*([0-9]+)(,[[:space:]]*([0-9]+))?.*$/\1.globl \2\n\1.private_extern \2\n\1.zerofill __DATA,__bss,\2,\3\4/' \
          "$arg" > "$hidden"
        arg="$hidden"
      fi
      ;;
  esac
  set -- "$@" "$arg"
done
shift "$count"
