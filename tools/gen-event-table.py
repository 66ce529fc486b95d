#!/usr/bin/env python3
"""Generates Peregrine's event table resource from falcosecurity/libs facts.

Inputs (none of them is committed to the project):
  --events  the libs event table as JSON (../shared/upstream/event-table/event_table_libs-HEAD-*.json)
  --driver  a libs checkout's driver/ folder (flag and dynamic-parameter tables, and the x86_64 syscall table:
            syscall_table.c with syscall_compat_x86_64.h's numbers; compiled with cc)
  --old     a checkout of libs e5c53d6 (the libs of sysdig 0.29.3), for syscall-id and errno names
  --old-events  e5c53d6's event table as JSON: its flags are kept beside the current ones ("legacy" flags), and
            its PPM_EVENT_MAX is the legacy_max record
Output: tab-separated records, one per line (see EventTable.parse for the grammar).

How the resource is regenerated (from the project root; libs is read from a bare clone, nothing of it is kept):
  git -C LIBS archive 48dfd53 driver userspace | tar -x -C /tmp/libs-head
  git -C LIBS archive e5c53d6 driver userspace | tar -x -C /tmp/libs-old
  tools/gen-event-table.py --events ../shared/upstream/event-table/event_table_libs-HEAD-48dfd53.json \
      --driver /tmp/libs-head/driver --old /tmp/libs-old \
      --old-events ../shared/upstream/event-table/event_table_libs-e5c53d6.json \
      --source "falcosecurity/libs 48dfd53 (events, flags, x86_64 syscalls), e5c53d6 (legacy flags, syscall and errno names)" \
      > peregrine-scap/src/main/resources/dev/peregrine/scap/event-table.tsv
  tools/gen-event-ids.py        # then the Java and C event ids made from the resource
"""
import argparse, json, os, re, subprocess, sys, tempfile

def flag_tables(driver):
    header = open(os.path.join(driver, 'ppm_events_public.h')).read()
    names = re.findall(r'^extern const struct ppm_name_value (\w+)\[\];', header, re.M)
    dyns = re.findall(r'^extern const struct ppm_param_info (\w+)\[\w*\];', header, re.M)
    src = ['#include <stdio.h>', '#include <stdint.h>', '#include "ppm_events_public.h"',
           '#include "flags_table.c"', '#include "dynamic_params_table.c"', 'int main(void){']
    for n in names:
        src.append(f'printf("flags\\t{n}\\n");')
        src.append(f'for(const struct ppm_name_value*v={n};v->name;v++) printf("value\\t%s\\t%llu\\n",v->name,(unsigned long long)(uint32_t)v->value);')
    for d in dyns:
        src.append(f'printf("dyn\\t{d}\\t%d\\n",(int)(sizeof({d})/sizeof({d}[0])));')
        src.append(f'for(size_t i=0;i<sizeof({d})/sizeof({d}[0]);i++) printf("dynparam\\t%d\\t%d\\n",(int){d}[i].type,(int){d}[i].fmt);')
    src.append('return 0;}')
    with tempfile.TemporaryDirectory() as tmp:
        c = os.path.join(tmp, 'gen.c'); exe = os.path.join(tmp, 'gen')
        open(c, 'w').write('\n'.join(src))
        subprocess.check_call(['cc', '-w', '-I', driver, '-o', exe, c])
        out = subprocess.check_output([exe], text=True)
    return out, header

def x86_64_syscalls(driver):
    """(number, name, enter event id, exit event id, UF_* flag names, PPM_SC code, PPM_SC name) of every syscall
    that syscall_compat_x86_64.h numbers, as libs' syscall_table.c maps it, in number order. A syscall the table does
    not mark UF_USED has no events of its own: it gets the generic pair (PPME_GENERIC_E/X), as the drivers send."""
    compat = open(os.path.join(driver, 'syscall_compat_x86_64.h')).read()
    numbers = [(n, int(v)) for n, v in re.findall(r'^#define __NR_(\w+) (\d+)$', compat, re.M)]
    header = open(os.path.join(driver, 'ppm_events_public.h')).read()
    sc_names = {int(v): 'PPM_SC_' + n for n, v in re.findall(r'PPM_SC_X\((\w+), (\d+)\)', header)}
    body = re.search(r'enum syscall_flags\s*\{(.*?)\}', header, re.S).group(1)
    uf = [(n, 1 << int(m) if m else int(v, 0)) for n, v, m in
          re.findall(r'^\s*(UF_\w+) = (\(1 << (\d+)\)|\d+),', body, re.M)]
    generic = {e: v for e, v in re.findall(r'\b(PPME_GENERIC_[EX]) = (\d+)', header)}
    # the compat header first: with no kernel headers in the way, its numbers are the ones compiled in
    src = ['#include <stdio.h>', '#include "syscall_compat_x86_64.h"', '#include "ppm_events_public.h"',
           '#include "syscall_table.c"', 'int main(void){']
    for name, _ in numbers:
        src.append(f'printf("%d\\t{name}\\t%d\\t%d\\t%d\\t%d\\n", __NR_{name}, '
                   f'g_syscall_table[__NR_{name}].flags, (int)g_syscall_table[__NR_{name}].enter_event_type, '
                   f'(int)g_syscall_table[__NR_{name}].exit_event_type, (int)g_syscall_table[__NR_{name}].ppm_sc);')
    src.append('return 0;}')
    with tempfile.TemporaryDirectory() as tmp:
        c = os.path.join(tmp, 'sc.c'); exe = os.path.join(tmp, 'sc')
        open(c, 'w').write('\n'.join(src))
        subprocess.check_call(['cc', '-w', '-I', driver, '-o', exe, c])
        out = subprocess.check_output([exe], text=True)
    rows = []
    for line, (name, nr) in zip(out.splitlines(), numbers):
        f = line.split('\t')
        if int(f[0]) != nr or f[1] != name:
            sys.exit(f'syscall {name}: compiled as {f[0]}, syscall_compat_x86_64.h says {nr}')
        flags, enter, exit_, sc = int(f[2]), int(f[3]), int(f[4]), int(f[5])
        if not flags & dict(uf)['UF_USED']:
            enter, exit_ = int(generic['PPME_GENERIC_E']), int(generic['PPME_GENERIC_X'])
        names = [n for n, bit in uf if bit and flags & bit] or ['UF_NONE']
        rows.append((nr, name, enter, exit_, ','.join(names), sc, sc_names[sc]))
    return sorted(rows)

def enum_names(header, prefix):
    """Maps the numeric values of an enum (PT_* or PF_*) to their names."""
    body = re.search(r'enum ' + {'PT_': 'ppm_param_type', 'PF_': 'ppm_print_format'}[prefix] + r'\s*\{(.*?)\}', header, re.S).group(1)
    result = {}
    for name, value in re.findall(r'\b(' + prefix + r'\w+)\s*=\s*(0x[0-9a-fA-F]+|\d+)', body):
        result[int(value, 0)] = name
    return result

def syscall_names(old):
    """(category, name) of each syscall id, in id order."""
    text = open(os.path.join(old, 'userspace/libscap/syscall_info_table.c')).read()
    body = text[text.index('g_syscall_info_table'):]
    return re.findall(r'\{\s*(EC_\w+)[^{}]*"([^"]+)"\s*\}', body)

def errno_names(old):
    codes = dict(re.findall(r'#define\s+(SE_\w+)\s+(\d+)', open(os.path.join(old, 'userspace/libsinsp/sinsp_errno.h')).read()))
    utils = open(os.path.join(old, 'userspace/libsinsp/utils.cpp')).read()
    body = utils[utils.index('errno_to_str'):]
    body = body[:body.index('default:')]
    pairs = []
    for se, name in re.findall(r'case (SE_\w+):\s*return "(\w+)";', body):
        pairs.append((int(codes[se]), name))
    return pairs

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--events', required=True)
    ap.add_argument('--driver', required=True)
    ap.add_argument('--old', required=True)
    ap.add_argument('--old-events', required=True)
    ap.add_argument('--source', default='falcosecurity/libs')
    args = ap.parse_args()
    table = json.load(open(args.events))
    old_events = json.load(open(args.old_events))
    old_by_code = {e['code']: e for e in old_events['events'] if e['id'] is not None}
    flags_out, header = flag_tables(args.driver)
    pt, pf = enum_names(header, 'PT_'), enum_names(header, 'PF_')
    out = [f'# Peregrine event table: generated by tools/gen-event-table.py from {args.source}; do not edit.',
           f'max\t{table["ppm_event_max"]}', f'legacy_max\t{old_events["ppm_event_max"]}']
    for e in table['events']:
        cats = ','.join(c.strip() for c in e['category'].split('|'))
        flags = ','.join(f.strip() for f in e['flags'].split('|'))
        old = old_by_code.get(e['code'])
        legacy = ','.join(f.strip() for f in old['flags'].split('|')) if old and old['id'] == e['id'] else flags
        out.append('\t'.join(['event', str(e['id']), e['name'], 'E' if e['dir'] == 'enter' else 'X', cats, flags,
                               legacy, e['code']]))
        for p in e['params']:
            info = (p['info'] or '-').split(',')[0].strip()
            m = re.match(r'DIRFD_PARAM\((\d+)\)', info)
            if m: info = 'dirfd:' + m.group(1)
            out.append('\t'.join(['param', p['name'], p['type'], p['fmt'], info]))
    for line in flags_out.splitlines():
        f = line.split('\t')
        if f[0] == 'dynparam':
            line = '\t'.join(['dynparam', pt[int(f[1])], pf[int(f[2])]])
        out.append(line)
    for i, (category, name) in enumerate(syscall_names(args.old)):
        out.append(f'syscall\t{i}\t{name}\t{category}')
    for code, name in errno_names(args.old):
        out.append(f'errno\t{code}\t{name}')
    for row in x86_64_syscalls(args.driver):
        out.append('\t'.join(['x86_64'] + [str(v) for v in row]))
    sys.stdout.write('\n'.join(out) + '\n')

main()
