#!/usr/bin/env python3
"""Generates the type-checker benchmark package (issue 3): 10,000 rules over
the bench-5 schema plus a loaded list of 100,000 control codes.

    python3 benches/check/gen_package.py            # writes target/bench/check/
    time target/release/polc check target/bench/check/

Measured on the shared 2-core machine (release build, load ~3): 0.58 s wall,
of which parsing (`--syntax-only`) is 0.48 s.

The package must check clean (exit 0, no warnings): every rule is distinct
and every constant is used. Deterministic; the data is not committed.
"""
import os
import sys

RULES = 10_000
CODES = 100_000
POLICIES = 20

SCHEMA = """enum PartyKind { commercial, military, government, research, individual, unknown }
enum EndUse { civilian, military, weapons, nuclear, space, unknown }

record Party {
  name: string
  country: country
  kind: PartyKind
}

record Item {
  code: string
  hs: string
  material: string?
  description: string
  quantity: quantity
  value: money
}

record Reexport {
  intended: bool
  countries: list<country>
}

record License {
  number: string
  covers: set<string>
  valid_until: date
}

record Transaction {
  id: string
  date: date
  exporter: Party
  consignee: Party
  end_user: Party
  end_use: EndUse
  destination: country
  route: list<country>
  items: list<Item>
  reexport: Reexport?
  licenses: list<License>
}

const codes: set<string> = load "codes.txt"
const heavy = {"Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y"}
const hubs: set<country> = {"HK", "SG", "AE", "TR", "MY"}

def military_end(tx: Transaction): bool =
  tx.end_user.kind == military or tx.end_use in {military, weapons}
"""

COUNTRIES = ["JP", "KR", "CN", "DE", "FR", "US", "GB", "IN", "BR", "ZA", "AE", "SG", "TR", "MY", "HK"]


def rule(i):
    c = COUNTRIES[i % len(COUNTRIES)]
    kind = i % 5
    if kind == 0:
        return f"""  rule r{i} {{
    when tx.destination == "{c}"
    when military_end(tx)
    when any item in tx.items: item.code in codes and item.quantity > {i} kg
    deny "dual-use items to {c} ({{tx.end_user.name}}), threshold {i}"
  }}
"""
    if kind == 1:
        return f"""  rule r{i} for item in tx.items {{
    when (item.material ?? "") in heavy
    when item.value > {i} USD
    unless any l in tx.licenses: item.code in l.covers and l.valid_until >= tx.date
    require license "{{item.description}} ({{item.code}}) needs a licence above {i} USD"
  }}
"""
    if kind == 2:
        return f"""  rule r{i} {{
    when tx.reexport is present
    when tx.reexport.intended and "{c}" in tx.reexport.countries
    when count(item in tx.items: item.code in codes) >= {i % 7 + 1} and len(tx.items) < {i + 2}
    report "re-export to {c} ({i})" to "MOFCOM" within {i % 60 + 1} days
  }}
"""
    if kind == 3:
        return f"""  rule r{i} {{
    when any hub in tx.route[1..len(tx.route) - 1]: hub in hubs and hub != "{c}"
    when sum(item in tx.items: item.value) > {i} USD
    inspect "transit through a watched hub ({i})"
  }}
"""
    return f"""  rule r{i} {{
    when normalize(tx.end_user.name) == "party {i}"
    when tx.date - 2026-01-01 < {i} days
    review "end user {i}: {{tx.end_user.name}} in {{tx.end_user.country}}"
  }}
"""


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join("target", "bench", "check")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "schema.pol"), "w") as f:
        f.write(SCHEMA)
    with open(os.path.join(out, "codes.txt"), "w") as f:
        f.write("# control-list codes\n")
        for n in range(CODES):
            f.write(f"{n // 1000 % 10}{'ABCDE'[n % 5]}{n:06d}.{'abcdefghij'[n % 10]}\n")
    per = RULES // POLICIES
    for p in range(POLICIES):
        with open(os.path.join(out, f"policy_{p:02d}.pol"), "w") as f:
            f.write(f"policy bench_{p:02d} for tx: Transaction {{\n")
            f.write(f'  title "generated policy {p}"\n  effective 2025-01-01\n\n')
            for i in range(p * per, (p + 1) * per):
                f.write(rule(i))
            f.write("}\n")
    print(f"wrote {RULES} rules in {POLICIES} policies and {CODES} codes to {out}")


if __name__ == "__main__":
    main()
