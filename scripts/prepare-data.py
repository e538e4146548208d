#!/usr/bin/env python3
"""Builds data/states.csv and data/districts.csv, the master data that ahtcell
loads, from the reference files kept under data/sources/ (LGD codes and the
Census 2011 population abstract).  Run by hand when the sources change; its
output is committed, so the build needs no Python.

Rules (see data/README.md):
- names are title-cased from the upper-case LGD names, with small words
  ("and", "of", "the") in lower case;
- a district's population is its Census 2011 district's, when it has a Census
  2011 code; districts made after 2011 carry no figure;
- a State's population is the sum over the distinct Census 2011 districts it
  holds today (so Ladakh = Leh + Kargil, Telangana = its 2011 districts, the
  merged Dadra & Nagar Haveli and Daman & Diu = both old UTs).
"""
import csv, os, sys

here = os.path.dirname(os.path.abspath(__file__))
src = os.path.join(here, "..", "data", "sources")
out = os.path.join(here, "..", "data")

SMALL = {"and", "of", "the", "&"}
FIX = {"Nct": "NCT"}

def title(s):
    words = s.replace("  ", " ").strip().lower().split(" ")
    res = []
    for i, w in enumerate(words):
        if i > 0 and w in SMALL:
            res.append(w)
            continue
        t = "-".join(p[:1].upper() + p[1:] for p in w.split("-"))
        t = "(".join(p[:1].upper() + p[1:] for p in t.split("("))
        res.append(FIX.get(t, t))
    name = " ".join(res)
    if name.startswith("The "):
        name = name[4:]
    return name

pop = {}
with open(os.path.join(src, "census2011", "population.csv")) as f:
    for r in csv.DictReader(f):
        if r["level"] == "district":
            pop[int(r["census2011_district_code"])] = r

states = {}
with open(os.path.join(src, "lgd", "states.csv")) as f:
    rd = csv.reader(f)
    next(rd)
    for r in rd:
        lgd = int(r[1])
        states[lgd] = {"lgd": lgd, "name": title(r[3]),
                       "kind": "ut" if r[7].strip() == "U" else "state",
                       "census2011": int(r[6] or 0)}

districts = []
with open(os.path.join(src, "lgd", "districts.csv")) as f:
    for r in csv.DictReader(f):
        c11 = int(r["Census 2011 Code"] or 0)
        p = pop.get(c11) if c11 else None
        districts.append({"lgd": int(r["District Code"]), "state_lgd": int(r["State Code"]),
                          "name": title(r["District Name"]), "census2011": c11,
                          "population": p["population"] if p else "",
                          "male": p["male"] if p else "", "female": p["female"] if p else ""})

for s in states.values():
    seen = set()
    tot = [0, 0, 0]
    for d in districts:
        if d["state_lgd"] == s["lgd"] and d["census2011"] and d["census2011"] not in seen:
            seen.add(d["census2011"])
            p = pop[d["census2011"]]
            tot[0] += int(p["population"]); tot[1] += int(p["male"]); tot[2] += int(p["female"])
    s["population"], s["male"], s["female"] = tot

with open(os.path.join(out, "states.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["lgd", "name", "kind", "census2011", "population", "male", "female"])
    for s in sorted(states.values(), key=lambda s: s["name"]):
        w.writerow([s["lgd"], s["name"], s["kind"], s["census2011"], s["population"], s["male"], s["female"]])

with open(os.path.join(out, "districts.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["lgd", "state_lgd", "name", "census2011", "population", "male", "female"])
    for d in sorted(districts, key=lambda d: (d["state_lgd"], d["name"])):
        w.writerow([d["lgd"], d["state_lgd"], d["name"], d["census2011"], d["population"], d["male"], d["female"]])

print(f"{len(states)} states, {len(districts)} districts", file=sys.stderr)
