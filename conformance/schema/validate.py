#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Validate JSON documents against a runtime-spec schema (draft-04, with the
schema's relative $refs resolved in its own directory).

    validate.py SCHEMA.json DOC.json...

Prints "valid DOC" or "invalid DOC: <path>: <message>" per document; exits 1
if any is invalid.  Needs python3-jsonschema (4.18+, with referencing).
"""
import json
import pathlib
import sys

import jsonschema
import referencing
from referencing.jsonschema import DRAFT4


def registry_for(schema_dir):
    def retrieve(uri):
        name = uri.split("/")[-1].split("#")[0]
        text = (schema_dir / name).read_text()
        return referencing.Resource.from_contents(json.loads(text), DRAFT4)

    return referencing.Registry(retrieve=retrieve)


def main(argv):
    schema_path = pathlib.Path(argv[1]).resolve()
    schema = json.loads(schema_path.read_text())
    schema.setdefault("id", schema_path.as_uri())
    validator = jsonschema.Draft4Validator(
        schema, registry=registry_for(schema_path.parent))
    bad = 0
    for doc_path in argv[2:]:
        try:
            doc = json.loads(pathlib.Path(doc_path).read_text())
        except ValueError as e:
            print(f"invalid {doc_path}: not JSON: {e}")
            bad += 1
            continue
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        if errors:
            e = errors[0]
            where = "/".join(str(p) for p in e.path) or "(root)"
            print(f"invalid {doc_path}: {where}: {e.message}")
            bad += 1
        else:
            print(f"valid {doc_path}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
