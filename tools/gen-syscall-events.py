#!/usr/bin/env python3
"""Generates the BPF code that builds the exit events of the x86_64 syscalls peregrine.bpf.c does not build by hand.

Inputs:
  peregrine-scap/src/main/resources/dev/peregrine/scap/event-table.tsv
      each x86_64 syscall's exit event (its "x86_64" records), the event's parameters ("event"/"param" records) and
      the flag tables ("flags"/"value" records)
  tools/syscall-layouts.txt
      how each parameter is filled (a C expression over the return value and the arguments), and the Linux values of
      the flags converted (see its header)
Output (committed, never edited by hand):
  peregrine-driver/src/main/bpf/syscall_events.h
      the flag conversions; one global BPF function per syscall building its exit event in the scratch buffer; the
      PPM_SC code of every x86_64 syscall (for generic events); pg_generated(nr), which builds the event of a syscall
      that has a layout here and a generic event for any other.

The parameters' order, count, widths and the event ids come from the event table: a parameter libs adds, renames or
retypes stops the generator with the syscall's line until this file says how to fill it.

  tools/gen-syscall-events.py                 # rewrites the header in this checkout
  tools/gen-syscall-events.py --out DIR       # writes it under DIR instead (same relative path)
peregrine-driver's GeneratedSyscallEventsTest runs it with --out and fails when the committed header differs.
"""
import argparse, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = 'peregrine-scap/src/main/resources/dev/peregrine/scap/event-table.tsv'
LAYOUTS = 'tools/syscall-layouts.txt'
HEADER = 'peregrine-driver/src/main/bpf/syscall_events.h'

# how a numeric value of each parameter type is stored
NUMERIC = {
    'PT_INT8': 'put_u8', 'PT_UINT8': 'put_u8', 'PT_FLAGS8': 'put_u8', 'PT_ENUMFLAGS8': 'put_u8', 'PT_SIGTYPE': 'put_u8',
    'PT_INT16': 'put_u16', 'PT_UINT16': 'put_u16', 'PT_FLAGS16': 'put_u16', 'PT_ENUMFLAGS16': 'put_u16',
    'PT_INT32': 'put_u32', 'PT_UINT32': 'put_u32', 'PT_FLAGS32': 'put_u32', 'PT_ENUMFLAGS32': 'put_u32',
    'PT_UID': 'put_u32', 'PT_GID': 'put_u32', 'PT_MODE': 'put_u32', 'PT_SIGSET': 'put_u32', 'PT_BOOL': 'put_u32',
    'PT_INT64': 'put_u64', 'PT_UINT64': 'put_u64', 'PT_ERRNO': 'put_u64', 'PT_FD': 'put_u64', 'PT_PID': 'put_u64',
    'PT_RELTIME': 'put_u64', 'PT_ABSTIME': 'put_u64',
}
STRINGS = {'PT_CHARBUF', 'PT_FSPATH', 'PT_FSRELPATH'}


class LayoutError(Exception):
    pass


def read_table(path):
    events, flags, x86 = {}, {}, []
    current = None
    with open(path, encoding='utf-8') as f:
        for line in f:
            r = line.rstrip('\n').split('\t')
            if r[0] == 'event':
                current = {'id': int(r[1]), 'name': r[2], 'code': r[-1], 'params': []}
                events[current['id']] = current
            elif r[0] == 'param':
                current['params'].append((r[1], r[2]))
            elif r[0] == 'flags':
                current = flags.setdefault(r[1], {})
            elif r[0] == 'value':
                current[r[1]] = int(r[2])
            elif r[0] == 'x86_64':
                x86.append({'nr': int(r[1]), 'name': r[2], 'exit': int(r[4]), 'ppm_sc': int(r[6])})
    return events, flags, x86


# a new parameter starts at whitespace followed by NAME[,NAME...]= (not ==)
PARAM_START = re.compile(r'\s+(?=[\w*]+(?:,\w+)*=(?!=))')


def read_layouts(path, flags):
    handwritten, layouts, converters = [], {}, []
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            where = f'{path}:{n}'
            word, _, rest = line.partition(' ')
            if word == 'handwritten':
                handwritten += rest.split()
            elif word == 'syscall':
                name, _, params = rest.strip().partition(' ')
                entries = []
                for part in PARAM_START.split(' ' + params) if params.strip() else []:
                    part = part.strip()
                    if not part:
                        continue
                    keys, _, expr = part.partition('=')
                    entries.append((keys.split(','), expr.strip()))
                if name in layouts:
                    raise LayoutError(f'{where}: {name} has two layouts')
                layouts[name] = (where, entries)
            elif word == 'convert':
                converters.append(converter(where, rest.split(), flags))
            else:
                raise LayoutError(f'{where}: unknown line kind {word!r}')
    return handwritten, layouts, converters


def c_number(where, text):
    """A C integer literal: 0x hex, 0 octal, else decimal."""
    try:
        if text.lower().startswith('0x'):
            return int(text, 16)
        return int(text, 8) if len(text) > 1 and text.startswith('0') else int(text)
    except ValueError:
        raise LayoutError(f'{where}: {text!r} is not a C integer') from None


def converter(where, words, flags):
    if len(words) < 3 or words[2] not in ('bits', 'enum'):
        raise LayoutError(f'{where}: expected "convert FN PPMSET bits|enum ..."')
    fn, ppmset, kind = words[:3]
    if ppmset not in flags:
        raise LayoutError(f'{where}: no flag table {ppmset} in the event table')
    table = flags[ppmset]
    opts = {'nonneg': False, 'mask': None, 'default': '0'}
    pairs = []
    for w in words[3:]:
        if w == 'nonneg':
            opts['nonneg'] = True
        elif w.startswith('mask='):
            opts['mask'] = w[5:]
        elif w.startswith('default='):
            opts['default'] = w[8:]
        else:
            name, _, linux = w.partition('=')
            if name not in table:
                raise LayoutError(f'{where}: {name} is not a flag of {ppmset}')
            pairs.append((name, table[name], [c_number(where, v) for v in linux.split(',')]))
    default = opts['default']
    if not re.fullmatch(r'-?\d+', default):
        if default not in table:
            raise LayoutError(f'{where}: default {default} is not a flag of {ppmset}')
        default = str(table[default])
    out = [f'/* Linux {"flags" if kind == "bits" else "values"} to the event table\'s {ppmset} */',
           f'static __always_inline __u32 {fn}(__u64 v)', '{']
    if opts['nonneg']:
        out.append('\tif ((__s32)v < 0) {\n\t\treturn 0;\n\t}')
    if kind == 'bits':
        out.append('\t__u32 r = 0;')
        for name, ppm, linux in pairs:
            for value in linux:
                if value != 0 and ppm != 0:
                    out.append(f'\tif (v & {value:#x}) r |= {ppm}; /* {name} */')
        out.append('\treturn r;')
    else:
        out.append(f'\tswitch (v{" & " + opts["mask"] if opts["mask"] else ""}) {{')
        for name, ppm, linux in pairs:
            for value in linux:
                out.append(f'\tcase {value:#x}: return {ppm}; /* {name} */')
        out.append(f'\tdefault: return {default};')
        out.append('\t}')
    out.append('}')
    return '\n'.join(out)


def syscall_function(sc, event, where, entries):
    params = event['params']
    names = [p[0] for p in params]
    given = {}
    rest = None
    for keys, expr in entries:
        if keys == ['*']:
            rest = expr
            continue
        for k in keys:
            if k not in names:
                raise LayoutError(f'{where}: {sc["name"]}\'s exit event ({event["code"]}) has no parameter {k!r}; '
                                  f'its parameters: {", ".join(names)}')
            if k in given:
                raise LayoutError(f'{where}: parameter {k} given twice')
        # a writer of several parameters must name consecutive ones, in the event's order
        first = names.index(keys[0])
        if names[first:first + len(keys)] != keys:
            raise LayoutError(f'{where}: {",".join(keys)} are not consecutive parameters of {event["code"]} '
                              f'({", ".join(names)})')
        for i, k in enumerate(keys):
            given[k] = (expr, i == 0, len(keys))
    body = []
    i = 0
    while i < len(params):
        name, ptype = params[i]
        if name in given:
            expr, lead, count = given[name]
            if expr.startswith('@'):
                body.append(f'\t{call(expr)}; /* {", ".join(names[i:i + count])} */')
                i += count
                continue
            body.append(store(where, name, ptype, expr))
        elif i == 0:
            body.append(store(where, name, ptype, 'ret'))
        elif rest is not None:
            body.append(f'\t{call(rest)}; /* {", ".join(names[i:])} */')
            break
        else:
            raise LayoutError(f'{where}: no source for parameter {name} ({ptype}) of {event["code"]}')
        i += 1
    text = '\n'.join(body)
    used = sorted(set(re.findall(r'\ba([0-5])\b', text)))
    head = ['\tstruct scratch *s = scratch_get();', '\tif (!s) {', '\t\treturn 0;', '\t}']
    if re.search(r'\bret\b', text):
        head.append('\tlong ret = s->ret;')
    for a in used:
        head.append(f'\t__u64 a{a} = s->args[{a}];')
    head.append(f'\tev_begin(s, {event["code"]}, {len(params)});')
    summary = ', '.join(names) if names else 'no parameters'
    return '\n'.join([f'/* {sc["name"]} exit: {summary} */', f'GLOBAL int pgx_{sc["name"]}(void)', '{']
                     + head + ([text] if text else []) + ['\tev_submit(s);', '\treturn 0;', '}'])


def call(expr):
    m = re.fullmatch(r'@(\w+)\((.*)\)', expr)
    if not m:
        raise LayoutError(f'bad writer call {expr!r}: expected @fn(ARGS)')
    args = m.group(2).strip()
    return f'{m.group(1)}(s{", " + args if args else ""})'


def store(where, name, ptype, expr):
    if ptype in STRINGS:
        return f'\tput_user_str(s, (const void *)({expr})); /* {name} */'
    if ptype not in NUMERIC:
        raise LayoutError(f'{where}: parameter {name} is a {ptype}: it needs a writer (@fn(...))')
    return f'\t{NUMERIC[ptype]}(s, {expr}); /* {name} */'


def generate(table_path, layouts_path):
    events, flags, x86 = read_table(table_path)
    handwritten, layouts, converters = read_layouts(layouts_path, flags)
    by_name = {sc['name']: sc for sc in x86}
    for name in handwritten + list(layouts):
        if name not in by_name:
            raise LayoutError(f'{layouts_path}: {name} is not an x86_64 syscall of the event table')
        if by_name[name]['exit'] <= 1:
            raise LayoutError(f'{layouts_path}: {name} has no event of its own (it comes as a generic event)')
    both = set(handwritten) & set(layouts)
    if both:
        raise LayoutError(f'{layouts_path}: both handwritten and with a layout: {", ".join(sorted(both))}')
    missing = [sc['name'] for sc in x86 if sc['exit'] > 1 and sc['name'] not in layouts
               and sc['name'] not in handwritten]
    if missing:
        raise LayoutError(f'{layouts_path}: no layout for {", ".join(missing)} (each has an exit event of its own '
                          'in the event table)')
    out = [f'/* Peregrine\'s syscall exit events: generated by tools/gen-syscall-events.py from {TABLE} and '
           f'{LAYOUTS}; do not edit. */',
           '#ifndef PEREGRINE_SYSCALL_EVENTS_H',
           '#define PEREGRINE_SYSCALL_EVENTS_H',
           '']
    out += [c + '\n' for c in converters]
    out += ['/* the hand-written writers some layouts call (they use the conversions above) */',
            '#include "param_writers.h"', '']
    generated = [by_name[name] for name in sorted(layouts, key=lambda n: by_name[n]['nr'])]
    for sc in generated:
        where, entries = layouts[sc['name']]
        out.append(syscall_function(sc, events[sc['exit']], where, entries))
        out.append('')
    ppm_sc = [0] * (max(sc['nr'] for sc in x86) + 1)
    for sc in x86:
        ppm_sc[sc['nr']] = sc['ppm_sc']
    out.append('/* The PPM_SC code of each x86_64 syscall number: the ID parameter of its generic events. */')
    out.append(f'#define PG_SYSCALL_NR_COUNT {len(ppm_sc)}')
    out.append('static const __u16 ppm_sc_of_nr[PG_SYSCALL_NR_COUNT] = {')
    for i in range(0, len(ppm_sc), 12):
        out.append('\t' + ', '.join(str(v) for v in ppm_sc[i:i + 12]) + ',')
    out.append('};')
    out.append('')
    out.append('GLOBAL int pg_generic(__u32 nr); /* peregrine.bpf.c: a generic event */')
    out.append('')
    out.append('/* The exit event of a syscall with a layout here, else a generic event (pg_generic). */')
    out.append('GLOBAL int pg_generated(__u32 nr)')
    out.append('{')
    out.append('\tswitch (nr) {')
    for sc in generated:
        out.append(f'\tcase PG_NR_{sc["name"].upper()}:')
        out.append(f'\t\treturn pgx_{sc["name"]}();')
    out.append('\tdefault:')
    out.append('\t\treturn pg_generic(nr);')
    out.append('\t}')
    out.append('}')
    out.append('')
    out.append('#endif')
    return '\n'.join(out) + '\n'


def main():
    ap = argparse.ArgumentParser(description='Writes syscall_events.h from the event table and syscall-layouts.txt.')
    ap.add_argument('--table', default=os.path.join(ROOT, TABLE), help='the event table (default: the committed one)')
    ap.add_argument('--layouts', default=os.path.join(ROOT, LAYOUTS), help='the layouts (default: the committed ones)')
    ap.add_argument('--out', default=ROOT, help='the folder the header is written under (default: this checkout)')
    args = ap.parse_args()
    try:
        text = generate(args.table, args.layouts)
    except LayoutError as e:
        sys.exit(f'gen-syscall-events: {e}')
    path = os.path.join(args.out, HEADER)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(text)


main()
