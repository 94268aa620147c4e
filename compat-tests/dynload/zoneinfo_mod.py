# _zoneinfo: UTC and fixed zones from the system database.
import zoneinfo, datetime
z = zoneinfo.ZoneInfo('UTC')
print(z, datetime.datetime(2020, 1, 1, tzinfo=z).utcoffset())
try:
    zoneinfo.ZoneInfo('Nowhere/Nothing')
except zoneinfo.ZoneInfoNotFoundError as e:
    print('not found', e)
print(type(z).__module__)
