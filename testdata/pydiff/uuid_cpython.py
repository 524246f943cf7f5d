# The CPython half of uuid_cpython.star: CPython 3.12's Lib/test/test_uuid.py, ported: test_UUID's table (each
# UUID built from its string, braces, hex, bytes, bytes_le, fields, int and
# urn, then every attribute checked and the UUIDs ordered), test_exceptions,
# test_uuid1's shape, test_uuid3, test_uuid4's shape and test_uuid5.
import uuid
from errtext import et

ROWS = [
    ("00000000-0000-0000-0000-000000000000", "{00000000-0000-0000-0000-000000000000}", "00000000000000000000000000000000", b"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", b"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", (0, 0, 0, 0, 0, 0), 0, "urn:uuid:00000000-0000-0000-0000-000000000000", 0, 0, "reserved for NCS compatibility", None),
    ("00010203-0405-0607-0809-0a0b0c0d0e0f", "{00010203-0405-0607-0809-0a0b0c0d0e0f}", "000102030405060708090a0b0c0d0e0f", b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f", b"\x03\x02\x01\x00\x05\x04\x07\x06\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f", (66051, 1029, 1543, 8, 9, 11042563100175), 5233100606242806050955395731361295, "urn:uuid:00010203-0405-0607-0809-0a0b0c0d0e0f", 434320308585955843, 2057, "reserved for NCS compatibility", None),
    ("02d9e6d5-9467-382e-8f9b-9300a64ac3cd", "{02d9e6d5-9467-382e-8f9b-9300a64ac3cd}", "02d9e6d59467382e8f9b9300a64ac3cd", b"\x02\xd9\xe6\xd5\x94\x67\x38\x2e\x8f\x9b\x93\x00\xa6\x4a\xc3\xcd", b"\xd5\xe6\xd9\x02\x67\x94\x2e\x38\x8f\x9b\x93\x00\xa6\x4a\xc3\xcd", (47834837, 37991, 14382, 143, 155, 161630999200717), 3789866285607910888100818383505376205, "urn:uuid:02d9e6d5-9467-382e-8f9b-9300a64ac3cd", 589571771382490837, 3995, "specified in RFC 4122", 3),
    ("12345678-1234-5678-1234-567812345678", "{12345678-1234-5678-1234-567812345678}", "12345678123456781234567812345678", b"\x12\x34\x56\x78\x12\x34\x56\x78\x12\x34\x56\x78\x12\x34\x56\x78", b"\x78\x56\x34\x12\x34\x12\x78\x56\x12\x34\x56\x78\x12\x34\x56\x78", (305419896, 4660, 22136, 18, 52, 95073701484152), 24197857161011715162171839636988778104, "urn:uuid:12345678-1234-5678-1234-567812345678", 466142576285865592, 4660, "reserved for NCS compatibility", None),
    ("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "{6ba7b810-9dad-11d1-80b4-00c04fd430c8}", "6ba7b8109dad11d180b400c04fd430c8", b"\x6b\xa7\xb8\x10\x9d\xad\x11\xd1\x80\xb4\x00\xc0\x4f\xd4\x30\xc8", b"\x10\xb8\xa7\x6b\xad\x9d\xd1\x11\x80\xb4\x00\xc0\x4f\xd4\x30\xc8", (1806153744, 40365, 4561, 128, 180, 825973027016), 143098242404177361603877621312831893704, "urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8", 131059232331511824, 180, "specified in RFC 4122", 1),
    ("6ba7b811-9dad-11d1-80b4-00c04fd430c8", "{6ba7b811-9dad-11d1-80b4-00c04fd430c8}", "6ba7b8119dad11d180b400c04fd430c8", b"\x6b\xa7\xb8\x11\x9d\xad\x11\xd1\x80\xb4\x00\xc0\x4f\xd4\x30\xc8", b"\x11\xb8\xa7\x6b\xad\x9d\xd1\x11\x80\xb4\x00\xc0\x4f\xd4\x30\xc8", (1806153745, 40365, 4561, 128, 180, 825973027016), 143098242483405524118141958906375844040, "urn:uuid:6ba7b811-9dad-11d1-80b4-00c04fd430c8", 131059232331511825, 180, "specified in RFC 4122", 1),
    ("6ba7b812-9dad-11d1-80b4-00c04fd430c8", "{6ba7b812-9dad-11d1-80b4-00c04fd430c8}", "6ba7b8129dad11d180b400c04fd430c8", b"\x6b\xa7\xb8\x12\x9d\xad\x11\xd1\x80\xb4\x00\xc0\x4f\xd4\x30\xc8", b"\x12\xb8\xa7\x6b\xad\x9d\xd1\x11\x80\xb4\x00\xc0\x4f\xd4\x30\xc8", (1806153746, 40365, 4561, 128, 180, 825973027016), 143098242562633686632406296499919794376, "urn:uuid:6ba7b812-9dad-11d1-80b4-00c04fd430c8", 131059232331511826, 180, "specified in RFC 4122", 1),
    ("6ba7b814-9dad-11d1-80b4-00c04fd430c8", "{6ba7b814-9dad-11d1-80b4-00c04fd430c8}", "6ba7b8149dad11d180b400c04fd430c8", b"\x6b\xa7\xb8\x14\x9d\xad\x11\xd1\x80\xb4\x00\xc0\x4f\xd4\x30\xc8", b"\x14\xb8\xa7\x6b\xad\x9d\xd1\x11\x80\xb4\x00\xc0\x4f\xd4\x30\xc8", (1806153748, 40365, 4561, 128, 180, 825973027016), 143098242721090011660934971687007695048, "urn:uuid:6ba7b814-9dad-11d1-80b4-00c04fd430c8", 131059232331511828, 180, "specified in RFC 4122", 1),
    ("7d444840-9dc0-11d1-b245-5ffdce74fad2", "{7d444840-9dc0-11d1-b245-5ffdce74fad2}", "7d4448409dc011d1b2455ffdce74fad2", b"\x7d\x44\x48\x40\x9d\xc0\x11\xd1\xb2\x45\x5f\xfd\xce\x74\xfa\xd2", b"\x40\x48\x44\x7d\xc0\x9d\xd1\x11\xb2\x45\x5f\xfd\xce\x74\xfa\xd2", (2101626944, 40384, 4561, 178, 69, 105543695137490), 166508041112410060672666770310773930706, "urn:uuid:7d444840-9dc0-11d1-b245-5ffdce74fad2", 131059314231363648, 12869, "specified in RFC 4122", 1),
    ("e902893a-9d22-3c7e-a7b8-d6e313b71d9f", "{e902893a-9d22-3c7e-a7b8-d6e313b71d9f}", "e902893a9d223c7ea7b8d6e313b71d9f", b"\xe9\x02\x89\x3a\x9d\x22\x3c\x7e\xa7\xb8\xd6\xe3\x13\xb7\x1d\x9f", b"\x3a\x89\x02\xe9\x22\x9d\x7e\x3c\xa7\xb8\xd6\xe3\x13\xb7\x1d\x9f", (3909257530, 40226, 15486, 167, 184, 236270776688031), 309723290945582129846206211755626405279, "urn:uuid:e902893a-9d22-3c7e-a7b8-d6e313b71d9f", 900329748784384314, 10168, "specified in RFC 4122", 3),
    ("eb424026-6f54-4ef8-a4d0-bb658a1fc6cf", "{eb424026-6f54-4ef8-a4d0-bb658a1fc6cf}", "eb4240266f544ef8a4d0bb658a1fc6cf", b"\xeb\x42\x40\x26\x6f\x54\x4e\xf8\xa4\xd0\xbb\x65\x8a\x1f\xc6\xcf", b"\x26\x40\x42\xeb\x54\x6f\xf8\x4e\xa4\xd0\xbb\x65\x8a\x1f\xc6\xcf", (3946987558, 28500, 20216, 164, 208, 206044783429327), 312712571721458096795100956955942831823, "urn:uuid:eb424026-6f54-4ef8-a4d0-bb658a1fc6cf", 1078734521270157350, 9424, "specified in RFC 4122", 4),
    ("f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "{f81d4fae-7dec-11d0-a765-00a0c91e6bf6}", "f81d4fae7dec11d0a76500a0c91e6bf6", b"\xf8\x1d\x4f\xae\x7d\xec\x11\xd0\xa7\x65\x00\xa0\xc9\x1e\x6b\xf6", b"\xae\x4f\x1d\xf8\xec\x7d\xd0\x11\xa7\x65\x00\xa0\xc9\x1e\x6b\xf6", (4162670510, 32236, 4560, 167, 101, 690568981494), 329800735698586629295641978511506172918, "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", 130742845922168750, 10085, "specified in RFC 4122", 1),
    ("fffefdfc-fffe-fffe-fffe-fffefdfcfbfa", "{fffefdfc-fffe-fffe-fffe-fffefdfcfbfa}", "fffefdfcfffefffefffefffefdfcfbfa", b"\xff\xfe\xfd\xfc\xff\xfe\xff\xfe\xff\xfe\xff\xfe\xfd\xfc\xfb\xfa", b"\xfc\xfd\xfe\xff\xfe\xff\xfe\xff\xff\xfe\xff\xfe\xfd\xfc\xfb\xfa", (4294901244, 65534, 65534, 255, 254, 281470647991290), 340277133821575024845345576078114880506, "urn:uuid:fffefdfc-fffe-fffe-fffe-fffefdfcfbfa", 1152640025335102972, 16382, "reserved for future definition", None),
    ("ffffffff-ffff-ffff-ffff-ffffffffffff", "{ffffffff-ffff-ffff-ffff-ffffffffffff}", "ffffffffffffffffffffffffffffffff", b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", (4294967295, 65535, 65535, 255, 255, 281474976710655), 340282366920938463463374607431768211455, "urn:uuid:ffffffff-ffff-ffff-ffff-ffffffffffff", 1152921504606846975, 16383, "reserved for future definition", None),
]

def ty(f, *args, **kwargs):
    try:
        f(*args, **kwargs)
        return "ok"
    except Exception as e:
        return type(e).__name__

if __name__ == "__main__":
    UUID = uuid.UUID
    bad = 0
    ascending = []
    for string, curly, hx, bs, bsle, fields, integer, urn, time, clock_seq, variant, version in ROWS:
        equivalents = []
        for u in [UUID(string), UUID(curly), UUID(hx), UUID(bytes=bs), UUID(bytes_le=bsle), UUID(fields=fields), UUID(int=integer), UUID(urn)]:
            got = (str(u), u.int, u.bytes, u.bytes_le, u.fields, u.time_low, u.time_mid, u.time_hi_version, u.clock_seq_hi_variant, u.clock_seq_low, u.node, u.hex, u.urn, u.time, u.clock_seq, u.variant, u.version)
            want = (string, integer, bs, bsle, fields, fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], hx, urn, time, clock_seq, variant, version)
            if got != want:
                bad += 1
                print("mismatch", string, got)
            equivalents.append(u)
        for u in equivalents:
            for v in equivalents:
                if u != v:
                    bad += 1
        ascending.append(equivalents[0])
    print("test_UUID", len(ROWS), "bad", bad)
    print(repr(ascending[3]), str(ascending[3]))
    ok = True
    for i in range(len(ascending)):
        for j in range(len(ascending)):
            ok = ok and (i < j) == (ascending[i] < ascending[j]) and (i == j) == (ascending[i] == ascending[j])
    print("ordered", ok, sorted(reversed(ascending)) == ascending)
    # test_exceptions
    for args, kwargs in [(("",), {}), (("abc",), {}), (("1234567812345678123456781234567",), {}), (("123456781234567812345678123456789",), {}), (("123456781234567812345678z2345678",), {}),
                         ((), {"bytes": b"abc"}), ((), {"bytes": b"\0" * 15}), ((), {"bytes": b"\0" * 17}),
                         ((), {"bytes_le": b"abc"}), ((), {"bytes_le": b"\0" * 15}), ((), {"bytes_le": b"\0" * 17}),
                         ((), {"fields": (1,)}), ((), {"fields": (1, 2, 3, 4, 5)}), ((), {"fields": (1, 2, 3, 4, 5, 6, 7)}),
                         ((), {"fields": (-1, 0, 0, 0, 0, 0)}), ((), {"fields": (0x100000000, 0, 0, 0, 0, 0)}), ((), {"fields": (0, -1, 0, 0, 0, 0)}), ((), {"fields": (0, 0x10000, 0, 0, 0, 0)}),
                         ((), {"fields": (0, 0, -1, 0, 0, 0)}), ((), {"fields": (0, 0, 0x10000, 0, 0, 0)}), ((), {"fields": (0, 0, 0, -1, 0, 0)}), ((), {"fields": (0, 0, 0, 0x100, 0, 0)}),
                         ((), {"fields": (0, 0, 0, 0, -1, 0)}), ((), {"fields": (0, 0, 0, 0, 0x100, 0)}), ((), {"fields": (0, 0, 0, 0, 0, -1)}), ((), {"fields": (0, 0, 0, 0, 0, 0x1000000000000)}),
                         (("00" * 16,), {"version": 0}), (("00" * 16,), {"version": 6}), ((), {"int": -1}), ((), {"int": 1 << 127}), ((), {"int": (1 << 127) * 2})]:
        print(et(UUID, *args, **kwargs))
    h, b, f, i = "00" * 16, b"\0" * 16, (0, 0, 0, 0, 0, 0), 0
    print(UUID(h) == UUID(hex=h), UUID(bytes=b) == UUID(bytes_le=b), UUID(fields=f) == UUID(int=i), UUID(h) == UUID(int=i))
    print(ty(UUID), ty(UUID, h, b), ty(UUID, h, b, b), ty(UUID, h, b, b, f), ty(UUID, h, b, b, f, i))
    for hh in [{}, {"hex": h}]:
        for bb in [{}, {"bytes": b}]:
            for bble in [{}, {"bytes_le": b}]:
                for ii in [{}, {"int": i}]:
                    for ff in [{}, {"fields": f}]:
                        args = dict(hh)
                        args.update(bb)
                        args.update(bble)
                        args.update(ii)
                        args.update(ff)
                        print(len(args), ty(UUID, h, **args) if len(args) else "-", ty(UUID, **args) if len(args) != 1 else "-")
    # test_uuid1 (its node is random, as CPython's without a hardware address)
    for u in [uuid.uuid1() for i in range(10)]:
        print(u.variant, u.version, len(u.hex))
    # test_uuid3, test_uuid5
    for u, v in [(uuid.uuid3(uuid.NAMESPACE_DNS, "python.org"), "6fa459ea-ee8a-3ca4-894e-db77e160355e"),
                 (uuid.uuid3(uuid.NAMESPACE_URL, "http://python.org/"), "9fe8e8c4-aaa8-32a9-a55c-4535a88b748d"),
                 (uuid.uuid3(uuid.NAMESPACE_OID, "1.3.6.1"), "dd1a1cef-13d5-368a-ad82-eca71acd4cd1"),
                 (uuid.uuid3(uuid.NAMESPACE_X500, "c=ca"), "658d3002-db6b-3040-a1d1-8ddd7d189a4d"),
                 (uuid.uuid5(uuid.NAMESPACE_DNS, "python.org"), "886313e1-3b8a-5372-9b90-0c9aee199e5d"),
                 (uuid.uuid5(uuid.NAMESPACE_URL, "http://python.org/"), "4c565f0d-3f5a-5890-b41b-20cf47701c5e"),
                 (uuid.uuid5(uuid.NAMESPACE_OID, "1.3.6.1"), "1447fa61-5277-5fef-a9b3-fbc6e44f4af3"),
                 (uuid.uuid5(uuid.NAMESPACE_X500, "c=ca"), "cc957dd1-a972-5349-98cd-874190002798")]:
        print(u.variant, u.version, u == UUID(v), str(u))
    # test_uuid4
    us = [uuid.uuid4() for i in range(100)]
    print(all([u.variant == uuid.RFC_4122 and u.version == 4 for u in us]), len(set(us)))
    print(uuid.RESERVED_NCS, uuid.RFC_4122, uuid.RESERVED_MICROSOFT, uuid.RESERVED_FUTURE)
