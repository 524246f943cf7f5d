# CPython 3.12's test_logging FormatterTest, ported: the same program as
# logging_cpy_formatter.star.
import logging, os, time
def E(f, *a, **k):
    try:
        return f(*a, **k)
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
common = {'name': 'formatter.test', 'level': logging.DEBUG, 'pathname': os.path.join('path', 'to', 'dummy.ext'), 'lineno': 42, 'exc_info': None, 'func': None, 'msg': 'Message with %d %s', 'args': (2, 'placeholders')}
def get_record(custom=False):
    d = dict(common)
    if custom:
        d['custom'] = 1234
    return logging.makeLogRecord(d)
# test_percent
r = get_record()
f = logging.Formatter('${%(message)s}')
print(f.format(r))
f = logging.Formatter('%(random)s')
print(E(f.format, r), f.usesTime())
for s in ['%(asctime)s', '%(asctime)-15s', '%(asctime)#15s']:
    print(s, logging.Formatter(s).usesTime())
# test_braces
r = get_record()
print(logging.Formatter('$%{message}%$', style='{').format(r))
print(E(logging.Formatter('{random}', style='{').format, r))
for s in ["{message}", '{asctime}', '{asctime!s:15}', '{asctime:15}']:
    print(s, logging.Formatter(s, style='{').usesTime())
# test_dollars
for s in ['${message}', '$message', '$$%${message}%$$']:
    print(logging.Formatter(s, style='$').format(r))
f = logging.Formatter('${random}', style='$')
print(E(f.format, r), f.usesTime())
for s in ['${asctime}', '$asctime', '${message}', '${asctime}--']:
    print(s, logging.Formatter(s, style='$').usesTime())
# test_format_validate
for s, st in [("%(levelname)-15s - %(message) 5s - %(process)03d - %(module) - %(asctime)*.3s", "%"),
              ("%(asctime)*s - %(asctime)*.3s - %(process)-34.33o", "%"),
              ("%(process)#+027.23X", "%"), ("%(foo)#.*g", "%"),
              ("$%{message}%$ - {asctime!a:15} - {customfield['key']}", "{"),
              ("{process:.2f} - {custom.f:.4f}", "{"), ("{customfield!s:#<30}", "{"),
              ("{message!r}", "{"), ("{message!s}", "{"), ("{message!a}", "{"), ("{process!r:4.2}", "{"),
              ("{process!s:<#30,.12f}- {custom:=+#30,.1d} - {module:^30}", "{"),
              ("{process!s:{w},.{p}}", "{"), ("{foo:12.{p}}", "{"), ("{foo:{w}.6}", "{"),
              ("{foo[0].bar[1].baz}", "{"), ("{foo[k1].bar[k2].baz}", "{"), ("{12[k1].bar[k2].baz}", "{"),
              ("${asctime} - $message", "$"), ("$bar $$", "$"), ("$bar $$$$", "$")]:
    print(E(lambda: logging.Formatter(s, style=st)._fmt == s))
bad = [("%(asctime)Z", "%"), ("%(asctime)b", "%"), ("%(asctime)*", "%"), ("%(asctime)*3s", "%"), ("%(asctime)_", "%"),
       ('{asctime}', "%"), ('${message}', "%"), ('%(foo)#12.3*f', "%"), ('%(foo)0*.8*f', "%"),
       ("{name-thing}", "{"), ('%(asctime)s', '{'), ('{asctime!s:#30,15f}', '{'), ('{asctime!aa:15}', '{'),
       ('{process:.2ff}', '{'), ('{process:.2Z}', '{'), ('{process!s:<##30,12g}', '{'), ('{process!s:<#30#,12g}', '{'),
       ('{process!s:{{w}},{{p}}}', '{'), ('{process', '{'), ('process}', '{'), ('{{foo!r:4.2}', '{'), ('{{foo!r:4.2}}', '{'),
       ('{foo/bar}', '{'), ('{foo:{{w}}.{{p}}}}', '{'), ('{foo!X:{{w}}.{{p}}}', '{'), ('{foo!a:random}', '{'),
       ('{foo!a:ran{dom}', '{'), ('{foo!a:ran{d}om}', '{'), ('{foo.!a:d}', '{'),
       ('$bar $$$', '$'), ('bar $', '$'), ('foo $.', '$'), ('{asctime}', '$'), ('%(asctime)s', '$'), ('foo', '$'), ('${asctime', '$')]
for s, st in bad:
    print(s, st, E(logging.Formatter, s, style=st))
# test_defaults_parameter
for fmt, style in [('%(custom)s %(message)s', '%'), ('{custom} {message}', '{'), ('$custom $message', '$')]:
    f = logging.Formatter(fmt, style=style, defaults={'custom': 'Default'})
    print(f.format(get_record()), f.format(get_record(True)))
    f = logging.Formatter(fmt, style=style)
    print(E(f.format, get_record()))
    f = logging.Formatter(fmt, style=style, defaults={'Non-existing': 'Default'})
    print(f.format(get_record(True)))
# test_invalid_style
print(E(logging.Formatter, None, None, 'x'))
# test_time (UTC: created for 1993-04-21 08:03:00 UTC)
r = get_record()
r.created = 735379380.0
r.msecs = 123
f = logging.Formatter('%(asctime)s %(message)s')
f.converter = time.gmtime
print(f.formatTime(r), f.formatTime(r, '%Y:%d'))
f.format(r)
print(r.asctime)
# test_default_msec_format_none
f = logging.Formatter()
f.default_msec_format = None
f.default_time_format = '%d/%m/%Y %H:%M:%S'
f.converter = time.gmtime
print(f.formatTime(r))
# test_issue_89047
f = logging.Formatter(fmt='{asctime}.{msecs:03.0f} {message}', style='{', datefmt="%Y-%m-%d %H:%M:%S")
bad = 0
for i in range(300):
    rr = logging.makeLogRecord({'msg': 'Message %d' % (i + 1)})
    if '.1000' in f.format(rr):
        bad += 1
print("89047", bad)
r.msecs = 999.9999
print(f.format(r))
# str.format fields as CPython's parser reads them.
for s in ['{a!}', '{a!:3}', '{a!aa}', '{a!r:}', '{a!r', '{a:{b}', '{a!rx:3}', '{a!', '{a:x{', '{', 'x{', '{a{b}', '{a[}]}', '{a[x}']:
    print(s, E(lambda: logging.Formatter(s, style='{')._fmt))
