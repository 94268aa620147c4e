# _elementtree: parse, iterate, tostring; a deep tree exercises the trashcan.
import xml.etree.ElementTree as ET
root = ET.fromstring('<a x="1"><b>text</b><c/><b y="2">more</b></a>')
print(root.tag, root.attrib, [e.tag for e in root], root.find('b').text, len(root.findall('b')))
print(ET.tostring(root))
sub = ET.SubElement(root, 'd', z='3'); sub.text = 'new'
print(ET.tostring(root, encoding='unicode'))
deep = ET.Element('x')
e = deep
for i in range(100000):
    e = ET.SubElement(e, 'x')
del deep, e
print('deep ok', type(root).__module__)
