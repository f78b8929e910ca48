#!/usr/bin/env python3
"""The Python yardstick for crimeproof's sector report (see benches/run.sh).

Does less than `crimeproof report`: loads the checklists, the matrix and every assessment with
PyYAML's C loader, scores each area by SPEC §3 (gap, likelihood with round half up, the critical
rule, adjustments, the grid) and renders a units x areas table with Jinja2. No validation, no
diagnostics, no action plan. A compiled tool should beat it by a wide margin.

    python3 sector_report.py CHECKLIST_DIR ASSESSMENT_DIR OUT.html
"""
import math
import os
import sys

import jinja2
import yaml

Loader = yaml.CSafeLoader

BUILTIN = [("ja", 0.0), ("delvis", 0.5), ("nej", 1.0)]


def load(path):
    with open(path, "rb") as f:
        return yaml.load(f, Loader=Loader)


def options(checklist, question):
    scale = question.get("scale")
    if scale:
        return {o["id"]: float(o["gap"]) for o in checklist["scales"][scale]}
    return dict(BUILTIN)


def score(checklist, matrix, assessment):
    n_l = len(matrix["likelihood"])
    answers = assessment.get("answers") or {}
    adjustments = assessment.get("adjustments") or {}
    exclude = checklist.get("unknown") == "exclude"
    out = []
    for area in checklist["areas"]:
        num = den = 0.0
        critical_gap = False
        for q in area["questions"]:
            ans = answers.get(q["id"])
            if ans is None:
                for old in q.get("replaces") or []:
                    if old in answers:
                        ans = answers[old]
                        break
            choice = ans.get("answer") if ans else None
            if choice == "ej-aktuellt":
                continue
            if choice is None:
                gap = 1.0
            elif choice == "vet-ej":
                if exclude:
                    continue
                gap = 1.0
            else:
                gap = options(checklist, q).get(choice, 1.0)
            w = float(q.get("weight", 1))
            num += w * gap
            den += w
            if q.get("critical") and gap >= 0.5:
                critical_gap = True
        if den == 0:
            out.append((area["id"], None))
            continue
        g = num / den
        lik = 1 + math.floor(g * (n_l - 1) + 0.5 + 1e-9)
        if critical_gap:
            lik = max(lik, n_l - 1)
        adj = adjustments.get(area["id"]) or {}
        lik = min(max(lik + int(adj.get("likelihood", 0)), 1), n_l)
        con = int(adj.get("consequence", area["consequence"]))
        out.append((area["id"], matrix["grid"][lik - 1][con - 1]))
    return out


TEMPLATE = jinja2.Template(
    """<!doctype html><html lang="sv"><meta charset="utf-8"><title>Sektorsrapport</title>
<h1>Sektorsrapport</h1>
{% for c in checklists %}<h2>{{ c.title }}</h2>
<table><tr><th>Enhet</th>{% for a in c.areas %}<th>{{ a }}</th>{% endfor %}</tr>
{% for u in c.units %}<tr><td>{{ u.unit }}</td>{% for l in u.levels %}<td>{{ l or "ej aktuellt" }}</td>{% endfor %}</tr>
{% endfor %}</table>{% endfor %}</html>""",
    autoescape=True,
)


def main():
    checklist_dir, assessment_dir, out = sys.argv[1:4]
    matrix = load(os.path.join(checklist_dir, "matrix.yaml"))
    checklists = {}
    for name in sorted(os.listdir(checklist_dir)):
        if name.endswith(".yaml") and name != "matrix.yaml":
            c = load(os.path.join(checklist_dir, name))
            checklists[c["id"]] = c
    by_checklist = {}
    for name in sorted(os.listdir(assessment_dir)):
        if not name.endswith(".yaml"):
            continue
        a = load(os.path.join(assessment_dir, name))
        c = checklists[a["checklist"]]
        levels = [lvl for _, lvl in score(c, matrix, a)]
        by_checklist.setdefault(c["id"], []).append({"unit": a["unit"], "levels": levels})
    view = [
        {"title": checklists[cid]["title"], "areas": [a["title"] for a in checklists[cid]["areas"]], "units": units}
        for cid, units in sorted(by_checklist.items())
    ]
    with open(out, "w", encoding="utf-8") as f:
        f.write(TEMPLATE.render(checklists=view))


if __name__ == "__main__":
    main()
