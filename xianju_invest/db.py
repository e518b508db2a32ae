"""Server-side prepared statements (PostgreSQL) for the few hot statements that PostgreSQL takes
longer to plan than to run.

The public report is one statement with five parts (a look-up and four inserts); planning it
costs PostgreSQL about as much as executing it. Prepared once per database session, each later
report only binds its values (measured in docs/performance.md).
"""

import re
import weakref

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_statements = {}  # name -> (positional SQL, parameter names in $n order)
_prepared = weakref.WeakKeyDictionary()  # psycopg2 connection -> names prepared on it


def execute_prepared(cursor, name, sql, types, params):
    """Execute `sql` (with %(key)s placeholders) as the prepared statement `name`.

    `types` maps every placeholder to its PostgreSQL type and `params` to its value. The statement
    is prepared on the cursor's session the first time; a new connection prepares it again.
    PREPARE is not transactional, so a rolled back transaction leaves it in place.
    """
    if name not in _statements:
        names = list(dict.fromkeys(_PLACEHOLDER.findall(sql)))
        positions = {key: f"${i}" for i, key in enumerate(names, start=1)}
        _statements[name] = (_PLACEHOLDER.sub(lambda m: positions[m.group(1)], sql), names)
    positional, names = _statements[name]
    raw = cursor.cursor.connection  # Django's CursorWrapper around a psycopg2 cursor
    done = _prepared.setdefault(raw, set())
    if name not in done:
        signature = ", ".join(types[key] for key in names)
        cursor.execute(f"PREPARE {name} ({signature}) AS {positional}")
        done.add(name)
    cursor.execute(f"EXECUTE {name} ({', '.join(['%s'] * len(names))})", [params[key] for key in names])
