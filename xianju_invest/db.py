"""Server-side prepared statements (PostgreSQL) for the hot statements that PostgreSQL takes longer
to plan than to run.

Planning the public report (five statements in one) or a join of four or five tables here costs
PostgreSQL about half a millisecond, several times what running it costs. A statement prepared
once per database session skips planning on every later run (figures in docs/performance.md).
PREPARE is not transactional: a rolled back transaction leaves it in place, and a new connection
prepares again.
"""

import re
import weakref

_NAMED = re.compile(r"%\((\w+)\)s")
_prepared = weakref.WeakKeyDictionary()  # psycopg2 connection -> names prepared on it
_texts = {}  # statement name -> (PREPARE text after the name, parameter names in $n order)


def execute_prepared(cursor, name, sql, types, params):
    """Execute `sql` (with %(key)s placeholders) on Django's `cursor` as the prepared statement `name`.

    `types` maps every placeholder to its PostgreSQL type (a value in a select list has no type
    PostgreSQL could infer) and `params` maps it to its value. One name, one SQL text.
    """
    if name not in _texts:
        names = list(dict.fromkeys(_NAMED.findall(sql)))
        positions = {key: f"${i}" for i, key in enumerate(names, start=1)}
        signature = ", ".join(types[key] for key in names)
        _texts[name] = (f"({signature}) AS " + _NAMED.sub(lambda m: positions[m.group(1)], sql), names)
    text, names = _texts[name]
    done = _prepared.setdefault(cursor.cursor.connection, set())
    if name not in done:
        cursor.cursor.execute(f"PREPARE {name} {text}")
        done.add(name)
    cursor.execute(f"EXECUTE {name} ({', '.join(['%s'] * len(names))})", [params[key] for key in names])
