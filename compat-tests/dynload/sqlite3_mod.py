# _sqlite3: in-memory database queries.
import sqlite3
con = sqlite3.connect(':memory:')
con.execute('create table t (a integer, b text)')
con.executemany('insert into t values (?, ?)', [(i, str(i) * i) for i in range(5)])
print(con.execute('select count(*), sum(a) from t').fetchone())
print(con.execute('select * from t where a > ? order by a desc', (2,)).fetchall())
con.row_factory = sqlite3.Row
r = con.execute('select a, b from t where a = 3').fetchone()
print(r['b'], r.keys())
try:
    con.execute('select * from nope')
except sqlite3.OperationalError as e:
    print('OperationalError', e)
con.close()
