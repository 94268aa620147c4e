# _datetime: timestamps, strftime, arithmetic, pickling.
import datetime, pickle, _datetime
d = datetime.datetime.utcfromtimestamp(1234567890.5)
print(d, d.strftime('%Y-%m-%d %H:%M:%S %j %a'), d.isoformat())
print(datetime.datetime.fromtimestamp(86400 * 365, datetime.timezone.utc))
print(datetime.date.fromtimestamp(0) <= datetime.date(1970, 1, 2))
print(datetime.datetime.fromtimestamp(1.999999999, datetime.timezone.utc), datetime.datetime.utcfromtimestamp(-1.5))
td = datetime.timedelta(days=1, seconds=3661, microseconds=5)
print(td, td.total_seconds(), d + td, repr(td))
for o in (d, td, datetime.date(2020, 2, 29), datetime.time(1, 2, 3, 4), datetime.timezone(datetime.timedelta(hours=5))):
    for proto in (0, 2, 5):
        assert pickle.loads(pickle.dumps(o, proto)) == o
    print(repr(pickle.loads(pickle.dumps(o))))
for bad in (1e20, float('nan')):
    try:
        datetime.datetime.utcfromtimestamp(bad)
    except Exception as e:
        print(type(e).__name__, e)
print(type(datetime.datetime).__module__, datetime.datetime is _datetime.datetime)
