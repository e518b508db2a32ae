"""Server-side prepared statements (PostgreSQL) for the hot statements that PostgreSQL takes longer
to plan than to run.

Planning a join of four or five tables here costs PostgreSQL about half a millisecond, several
times what running it costs; the public report (five statements in one) likewise. A statement
prepared once per database session skips planning on every later run (figures in
docs/performance.md). PREPARE is not transactional: a rolled back transaction leaves it in place,
and a new connection prepares again.
"""

import contextlib
import hashlib
import re
import weakref

from django.db import connection

_NAMED = re.compile(r"%\((\w+)\)s")
_POSITIONAL = re.compile(r"%%|%s")
_prepared = weakref.WeakKeyDictionary()  # psycopg2 connection -> names prepared on it
_texts = {}  # statement name -> (PostgreSQL text, parameter names or count)


def _prepare_once(cursor, name, text):
    """PREPARE `text` as `name` on the session of `cursor` (a psycopg2 cursor) unless done already."""
    done = _prepared.setdefault(cursor.connection, set())
    if name not in done:
        cursor.execute(f"PREPARE {name} AS {text}")
        done.add(name)


def _execute_text(name, count):
    return f"EXECUTE {name} ({', '.join(['%s'] * count)})" if count else f"EXECUTE {name}"


def execute_prepared(cursor, name, sql, types, params):
    """Execute `sql` (with %(key)s placeholders) as the prepared statement `name`.

    `types` maps every placeholder to its PostgreSQL type (values in a select list have no type
    PostgreSQL could infer) and `params` maps it to its value.
    """
    if name not in _texts:
        names = list(dict.fromkeys(_NAMED.findall(sql)))
        positions = {key: f"${i}" for i, key in enumerate(names, start=1)}
        signature = ", ".join(types[key] for key in names)
        text = f"({signature}) AS " + _NAMED.sub(lambda m: positions[m.group(1)], sql)
        _texts[name] = (text, names)
    text, names = _texts[name]
    done = _prepared.setdefault(cursor.cursor.connection, set())
    if name not in done:
        cursor.cursor.execute(f"PREPARE {name} {text}")
        done.add(name)
    cursor.execute(_execute_text(name, len(names)), [params[key] for key in names])


def _positional(sql):
    """Django's %s placeholders as $1, $2...; its %% as %."""
    numbers = iter(range(1, sql.count("%s") + 2))
    return _POSITIONAL.sub(lambda m: "%" if m.group() == "%%" else f"${next(numbers)}", sql)


def _run_prepared(prefix, execute, sql, params, many, context):
    if many or connection.vendor != "postgresql":
        return execute(sql, params, many, context)
    params = list(params or ())
    name = f"{prefix}_{hashlib.blake2b(sql.encode(), digest_size=6).hexdigest()}"
    if name not in _texts:
        _texts[name] = (_positional(sql), len(params))
    text, count = _texts[name]
    _prepare_once(context["cursor"].cursor, name, text)
    return execute(_execute_text(name, count), params, many, context)


@contextlib.contextmanager
def prepared_queries(prefix):
    """Run the ORM queries inside the block as prepared statements named `prefix_<hash of SQL>`.

    For a few hot reads of fixed shape whose parameters all sit where PostgreSQL can infer their
    type (comparisons, LIMIT): the ORM still builds the SQL, PostgreSQL plans it once per session.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.execute_wrapper(lambda *args: _run_prepared(prefix, *args)):
        yield
