# pyexpat: parser callbacks and errors.
import pyexpat
events = []
p = pyexpat.ParserCreate()
p.StartElementHandler = lambda n, a: events.append(('start', n, a))
p.EndElementHandler = lambda n: events.append(('end', n))
p.CharacterDataHandler = lambda d: events.append(('data', d))
p.Parse('<r a="1">hi<s/></r>', True)
print(events)
q = pyexpat.ParserCreate()
try:
    q.Parse('<r><x></r>', True)
except pyexpat.ExpatError as e:
    print('ExpatError', e.code, e.lineno, e.offset, e)
