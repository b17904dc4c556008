#!/usr/bin/env python3
# Regenerates names.tsv (the hostile configfs name corpus) on the host:
#   python3 tests/bats/vm/hostile/gen-names.py > tests/bats/vm/hostile/names.tsv
# Columns: NAME (escaped: \xHH for any byte outside printable ASCII, \\ for a
# backslash; decoded in the guest with bash `printf -v name %b`), the errno
# mkdir devices/NAME must fail with, LOG (1: pci-lu saw the request and must
# log exactly one "pci-lu: ...refused" line; 0: refused before pci-lu, by the
# VFS or configfs, so no pci-lu line), and a comment.
import sys

rows = []


def esc(b):
    out = []
    for c in b:
        if c == 0x5c:
            out.append('\\\\')
        elif 0x21 <= c <= 0x7e:
            out.append(chr(c))
        else:
            out.append('\\x%02x' % c)
    return ''.join(out)


def add(name, err, why, log=None):
    if isinstance(name, str):
        name = name.encode()
    if log is None:
        log = 1 if err in ('EINVAL', 'ENODEV', 'EOPNOTSUPP') else 0
    if esc(name) not in [r[0] for r in rows]:   # first spelling wins
        rows.append((esc(name), err, log, why))


GOOD = b'0000:03:00.0'   # the edu behind the switch (never created here)

# --- refused by the VFS / configfs before pci-lu's make_group runs ---
add(b'', 'EEXIST', 'empty name: mkdir of devices/ itself')
add(b'.', 'EEXIST', 'dot')
add(b'..', 'EEXIST', 'dot-dot (pci-lu/ exists)')
add(b'a' * 256, 'ENAMETOOLONG', '256 bytes: over NAME_MAX, VFS')
add(b'0' * 300, 'ENAMETOOLONG', '300 bytes, VFS')
add(b'0000:03:00.0' * 22, 'ENAMETOOLONG', '264 bytes of repeated BDFs, VFS')
add(b'\xff' * 256, 'ENAMETOOLONG', '256 non-UTF-8 bytes, VFS')
add(b'x/y', 'ENOENT', "path-like: '/' is a separator, x does not exist")
add(b'0000:03/00.0', 'ENOENT', "'/' in place of ':'")
add(b'../devices', 'EEXIST', 'path back into devices/')
add(b'../x', 'EPERM', 'path escape into pci-lu/ (no make_group there): configfs')
add(b'../../x', 'EPERM', 'path escape into the configfs root: configfs')
add(b'./' + b'0000:03:00.9', 'EINVAL', "'./' prefix resolves to the name 0000:03:00.9")
add(b'0000:03:00.9/', 'EINVAL', 'trailing slash is stripped by the VFS')
add(b'0000:03:00.9//', 'EINVAL', 'double trailing slash')

# --- lengths 1..255 of junk (pci-lu: not canonical) ---
for n in (1, 2, 11, 13, 16, 63, 64, 65, 128, 254, 255):
    add(b'a' * n, 'EINVAL', '%d bytes of a' % n)
add(b'0' * 12, 'EINVAL', '12 zeros (right length, no separators)')
add(b'0' * 255, 'EINVAL', '255 zeros: the longest name the VFS passes on')
add(b'\xff' * 255, 'EINVAL', '255 bytes 0xff')
add(b'%s%s%n%p%x' * 25 + b'%s%s', 'EINVAL', 'format string, 252 bytes')

# --- near-miss BDFs ---
for name, why in [
    ('03:00.0', 'short form (the CLI accepts it, configfs does not)'),
    ('0:03:00.0', 'short domain'),
    ('000:03:00.0', '3-digit domain'),
    ('00000:03:00.0', '5-digit domain'),
    ('0000:3:00.0', '1-digit bus'),
    ('0000:003:00.0', '3-digit bus'),
    ('0000:03:0.0', '1-digit device'),
    ('0000:03:000.0', '3-digit device'),
    ('0000:03:00.00', '2-digit function'),
    ('0000:03:00', 'no function'),
    ('0000:03:00.', 'empty function'),
    ('0000:03.00.0', "'.' for ':'"),
    ('0000.03:00.0', "'.' for the first ':'"),
    ('0000:03:00:0', "':' for '.'"),
    ('0000-03-00.0', "'-' separators"),
    ('0000_03_00.0', "'_' separators"),
    ('0000::3:00.0', 'double colon'),
    ('0000:03:00.0:', 'trailing colon'),
    (':0000:03:00.0', 'leading colon'),
    ('0000:03:00.0.0', 'extra function'),
    ('0000:0x3:00.0', '0x inside'),
    ('0x00:03:00.0', '0x domain (12 chars)'),
    ('0000:03:00.-0', 'minus sign'),
    ('+000:03:00.0', 'plus sign (sscanf would take it)'),
    ('-000:03:00.0', 'minus domain'),
    ('0000:+3:00.0', 'plus in bus'),
    ('0000:03:00.+', 'plus as function'),
    ('0000:03:20.0', 'device 0x20'),
    ('0000:03:1F.0', 'upper case device'),
    ('0000:03:00.8', 'function 8'),
    ('0000:03:00.f', 'function 0xf'),
    ('0000:03:ff.f', 'device and function all ones'),
    ('0000:0A:00.0', 'upper case bus'),
    ('ABCD:03:00.0', 'upper case domain'),
    ('FFFF:FF:1F.7', 'all upper case'),
    ('ffff:ff:ff.f', 'every field all ones, device/function out of range'),
    ('010000:03:00.0', 'domain 0x10000 with a leading zero'),
    ('0ffffffff:ff:1f.7', '32-bit domain with a leading zero (17 chars)'),
    ('0000:100:00.0', 'bus 0x100'),
    ('0000:03:100.0', 'device 0x100'),
    ('4294967296:00:00.0', 'domain 2^32'),
    ('18446744073709551616:00:00.0', 'domain 2^64'),
    ('99999999999999999999:99:99.9', 'huge decimal fields'),
    ('0000:03:00.0 ', 'trailing space'),
    (' 0000:03:00.0', 'leading space (sscanf would skip it)'),
    ('0000:03: 0.0', 'space inside'),
    ('0000:03:00.0\n', 'trailing newline'),
    ('\n0000:03:00.0', 'leading newline'),
    ('0000:03:00.0\t', 'trailing tab'),
    ('\t0000:03:00.0', 'leading tab'),
    ('0000:03:00.0\r', 'trailing CR'),
    ('0000:03:00.0\x0b', 'trailing vertical tab'),
    ('0000:03:00.0%', 'trailing percent'),
    ('%04x:%02x:%02x.%x', 'the format string itself'),
    ('0000:03:00.0\\', 'trailing backslash'),
    ('0000\\:03:00.0', 'escaped colon'),
    ('0000:03:00.0;', 'shell metachar'),
    ('0000:03:00.0*', 'glob'),
    ('0000:03:00.?', 'glob'),
    ('*', 'glob star'),
    ('-', 'dash'),
    ('--', 'double dash'),
    ('-rf', 'option-like'),
    ('~', 'tilde'),
    ('...', 'three dots'),
    ('0000:03:00.0 0000:04:00.0', 'two BDFs'),
    ('0000:03:00.0,0000:04:00.0', 'comma list'),
    ('pci-lu', 'the subsystem name'),
    ('devices', 'the group name'),
    ('state', 'an attribute name'),
    ('$(reboot)', 'command substitution'),
    ('`reboot`', 'backticks'),
    ('"0000:03:00.0"', 'quoted'),
    ("'0000:03:00.0'", 'single quoted'),
]:
    add(name.encode(), 'EINVAL', why)

# --- UTF-8 lookalikes, invalid UTF-8, control bytes ---
for name, why in [
    ('\uff10\uff10\uff10\uff10:03:00.0', 'fullwidth digits in the domain'),
    ('0000\uff1a03:00.0', 'fullwidth colon U+FF1A'),
    ('0000\u223603:00.0', 'ratio U+2236 for colon'),
    ('0000:03:00\u20240', 'one dot leader U+2024 for dot'),
    ('0000:03:00\uff0e0', 'fullwidth full stop'),
    ('0000:0\u0430:00.0', 'Cyrillic a'),
    ('0000:0\u0251:00.0', 'Latin alpha'),
    ('0000:03:00.\u0660', 'Arabic-Indic zero'),
    ('0000:03:00.0\u200b', 'zero width space'),
    ('\ufeff0000:03:00.0', 'byte order mark'),
    ('0000:03:00.0\u00a0', 'no-break space'),
    ('0000:03:00.0\u0301', 'combining acute'),
    ('\u202e0.00:30:0000', 'right-to-left override'),
]:
    add(name.encode('utf-8'), 'EINVAL', why)
for b, why in [
    (b'0000:03:00.\xc0\xb0', "overlong '0'"),
    (b'0000\xc0\xba03:00.0', "overlong ':'"),
    (b'0000:03:00\xc0\xae0', "overlong '.'"),
    (b'\xc0\xae\xc0\xae', "overlong '..'"),
    (b'0000:03:00.\xed\xa0\x80', 'lone surrogate'),
    (b'0000:03:00.\xf4\x90\x80\x80', 'beyond U+10FFFF'),
    (b'\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b', '12 continuation bytes'),
    (b'\xfe\xff\xfe\xff', 'BOM bytes, UTF-16'),
    (b'0\x000', 'NUL: the name ends at the first NUL -> "0"'),
]:
    add(b.split(b'\x00')[0] if b'\x00' in b else b, 'EINVAL', why)

# --- every byte 0x01..0xff as the function digit: 0000:03:00.<byte> ---
for c in range(1, 256):
    name = b'0000:03:00.' + bytes([c])
    if c == 0x2f:
        # "0000:03:00./": trailing slash stripped, pci-lu sees "0000:03:00."
        add(name, 'EINVAL', 'byte 0x2f: trailing slash, pci-lu sees 11 chars')
    elif 0x30 <= c <= 0x30:
        continue    # "0000:03:00.0" is the real edu: valid, not hostile
    elif 0x31 <= c <= 0x37:
        add(name, 'ENODEV', 'function %c: canonical, no such function' % c)
    else:
        add(name, 'EINVAL', 'byte 0x%02x as the function digit' % c)

# --- canonical names the kernel refuses ---
for name, err, why in [
    ('0000:03:01.0', 'ENODEV', 'no device 1 behind the downstream port'),
    ('0000:00:1e.0', 'ENODEV', 'empty root bus slot'),
    ('0000:06:00.0', 'ENODEV', 'bus with no device'),
    ('0000:ff:1f.7', 'ENODEV', 'highest BDF of domain 0'),
    ('0001:00:00.0', 'ENODEV', 'domain 1 does not exist'),
    ('ffff:ff:1f.7', 'ENODEV', 'highest 4-digit-domain BDF'),
    ('10000:03:00.0', 'ENODEV', 'domain 0x10000 (VMD): canonical, absent'),
    ('ffffffff:ff:1f.7', 'ENODEV', 'highest canonical BDF (32-bit domain)'),
    ('0000:00:04.0', 'EOPNOTSUPP', 'root port (bridge)'),
    ('0000:01:00.0', 'EOPNOTSUPP', 'switch upstream port (bridge)'),
    ('0000:02:00.0', 'EOPNOTSUPP', 'switch downstream port (bridge)'),
    ('0000:00:05.0', 'EOPNOTSUPP', 'root port of the control edu (bridge)'),
]:
    add(name.encode(), err, why)

seen = set()
out = sys.stdout
out.write('# hostile configfs names: NAME<TAB>ERRNO<TAB>LOG<TAB>WHY (generated by gen-names.py)\n')
for name, err, log, why in rows:
    assert name not in seen, name
    seen.add(name)
    out.write('%s\t%s\t%d\t%s\n' % (name, err, log, why))
