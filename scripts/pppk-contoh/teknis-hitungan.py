#!/usr/bin/env python3
"""Writes question-banks/pppk-contoh/teknis/hitungan.yaml: the computed items of the sample PPPK
bank's TEKNIS part (Pranata Komputer Ahli Pertama): subnetting, number bases, transfer times,
RAID capacity, storage, SQL counts over a small table and short pseudocode. Each item's key is
computed here, so it is right by construction; the distractors are the usual mistakes (an
off-by-two host count, the wrong octet, bits for bytes, ...). Deterministic: the same run gives
the same bytes. Run from the repository root: python3 scripts/pppk-contoh/teknis-hitungan.py
"""
import ipaddress
import json
import random

OUT = "question-banks/pppk-contoh/teknis/hitungan.yaml"
rnd = random.Random("pppk-contoh-teknis-hitungan")
items = []


def add(difficulty, stem, key, wrong, explanation, table=None):
    options = [key] + [w for w in dict.fromkeys(wrong) if w != key and not w.startswith(("0 ", "-"))][:4]
    assert len(options) == 5, (stem, options)
    rnd.shuffle(options)
    items.append(dict(difficulty=difficulty, stem=stem, options=options, answer="ABCDE"[options.index(key)],
                      explanation=explanation, table=table))


def num(n):
    return f"{n:,}".replace(",", ".")


# 1. usable hosts per prefix
for prefix, d in [(30, "mudah"), (29, "mudah"), (28, "mudah"), (27, "mudah"), (26, "mudah"), (25, "mudah"),
                  (24, "sedang"), (23, "sedang"), (22, "sedang")]:
    hosts = 2 ** (32 - prefix) - 2
    add(d, f"Jumlah alamat host yang dapat dipakai pada sebuah subnet IPv4 dengan prefiks /{prefix} adalah ...",
        num(hosts), [num(hosts + 2), num(hosts + 1), num(hosts // 2), num(hosts * 2 + 2), num(hosts - 2)],
        f"2^(32-{prefix}) - 2 = {num(2 ** (32 - prefix))} - 2 = {num(hosts)}; dua alamat dipakai sebagai alamat jaringan dan broadcast.")

# 2. subnet mask of a prefix
for prefix in [25, 26, 27, 28, 29, 30, 20, 19]:
    mask = str(ipaddress.ip_network(f"0.0.0.0/{prefix}").netmask)
    near = [str(ipaddress.ip_network(f"0.0.0.0/{p}").netmask) for p in (prefix - 1, prefix + 1, prefix - 8 if prefix > 16 else prefix + 2)]
    add("mudah", f"Subnet mask dalam notasi desimal bertitik untuk prefiks /{prefix} adalah ...", mask,
        near + ["255.255.255.0" if prefix != 24 else "255.255.0.0", "255.255.255.255"],
        f"/{prefix} berarti {prefix} bit pertama bernilai 1: {mask}.")

# 3. network address
hosts = [("192.168.10.77", 26, "sedang"), ("192.168.5.200", 27, "sedang"), ("10.20.30.45", 28, "sedang"), ("172.16.4.130", 25, "sedang"),
         ("192.168.100.19", 29, "sedang"), ("10.1.1.250", 27, "sedang"), ("192.168.33.66", 26, "sedang"), ("172.20.8.9", 30, "sedang"),
         ("10.10.37.200", 22, "sulit"), ("172.16.77.5", 20, "sulit"), ("192.168.13.130", 23, "sulit"), ("10.0.129.1", 17, "sulit")]
for ip, prefix, d in hosts:
    net = ipaddress.ip_network(f"{ip}/{prefix}", strict=False)
    a = net.network_address
    wrong = [str(net.broadcast_address), str(a + 1), str(ipaddress.ip_network(f"{ip}/{prefix + 1 if prefix < 30 else prefix - 1}", strict=False).network_address),
             str(ipaddress.ip_network(f"{ip}/24", strict=False).network_address) if prefix != 24 else str(a + 2), str(a + 2 ** (32 - prefix)), str(a + 2), str(a - 1)]
    add(d, f"Alamat jaringan (network address) dari host {ip}/{prefix} adalah ...", str(a), wrong,
        f"Alamat host AND subnet mask {net.netmask} = {a}.")

# 4. broadcast address
for ip, prefix, d in [("192.168.1.10", 26, "sedang"), ("192.168.7.100", 27, "sedang"), ("10.0.0.77", 28, "sedang"), ("172.16.9.140", 25, "sedang"),
                      ("192.168.50.13", 29, "sedang"), ("10.5.5.70", 26, "sedang"), ("192.168.88.3", 30, "sedang"),
                      ("10.16.66.20", 21, "sulit"), ("172.31.200.200", 19, "sulit"), ("192.168.14.7", 23, "sulit")]:
    net = ipaddress.ip_network(f"{ip}/{prefix}", strict=False)
    b = net.broadcast_address
    wrong = [str(net.network_address), str(b - 1), str(ipaddress.ip_network(f"{ip}/{prefix - 1}", strict=False).broadcast_address),
             str(ipaddress.ip_network(f"{ip}/24", strict=False).broadcast_address) if prefix != 24 else str(b - 2), str(b + 1) if int(b) % 256 != 255 else str(b - 2), str(b - 2), str(net.network_address + net.num_addresses // 2)]
    add(d, f"Alamat broadcast subnet tempat host {ip}/{prefix} berada adalah ...", str(b), wrong,
        f"Jaringannya {net.network_address}/{prefix} dengan {net.num_addresses} alamat; alamat terakhirnya {b} adalah broadcast.")

# 5. binary to decimal
for value in [45, 77, 100, 129, 170, 201, 235, 254]:
    bits = f"{value:08b}"
    add("mudah", f"Bilangan biner {bits} sama dengan bilangan desimal ...", str(value),
        [str(value + 1), str(value - 1), str(int(bits[::-1], 2)), str(value ^ 0b10), str(value ^ 0b1000)],
        f"Jumlah bobot bit yang bernilai 1: {' + '.join(str(1 << i) for i in range(7, -1, -1) if value >> i & 1)} = {value}.")

# 6. hexadecimal
for value, d in [(255, "mudah"), (172, "mudah"), (90, "mudah"), (200, "mudah")]:
    add(d, f"Bilangan desimal {value} dalam sistem heksadesimal ditulis ...", f"{value:X}",
        [f"{value + 1:X}", f"{value - 1:X}", f"{value:X}"[::-1] if f"{value:X}"[::-1] != f"{value:X}" else f"{value - 16:X}", f"{value:o}", f"{value + 16:X}"],
        f"{value} = {value // 16} x 16 + {value % 16}, jadi {value:X}.")
for text, d in [("3F", "sedang"), ("A7", "sedang"), ("1C4", "sedang"), ("FF0", "sedang")]:
    value = int(text, 16)
    add(d, f"Bilangan heksadesimal {text} sama dengan bilangan desimal ...", num(value),
        [num(value + 1), num(value - 16), num(int(text[::-1], 16)), num(value + 10), num(int(text, 10) if text.isdigit() else value * 2)],
        f"{text} heksadesimal = {' + '.join(f'{int(c, 16)} x 16^{len(text) - 1 - i}' for i, c in enumerate(text))} = {num(value)}.")

# 7. transfer time (1 MB = 8 megabit; decimal units as ISPs state them)
for size_mb, mbps, d in [(100, 10, "sedang"), (250, 20, "sedang"), (600, 40, "sedang"), (450, 30, "sedang"), (1200, 100, "sedang"),
                         (75, 5, "sedang"), (2000, 50, "sedang"), (3600, 80, "sulit"), (1500, 25, "sulit"), (4800, 64, "sulit")]:
    seconds = size_mb * 8 / mbps
    assert seconds == int(seconds)
    s = int(seconds)
    def dur(x):
        return f"{x // 60} menit {x % 60} detik" if x >= 60 and x % 60 else (f"{x // 60} menit" if x >= 60 else f"{x} detik")
    add(d, f"Berkas berukuran {num(size_mb)} MB diunduh melalui koneksi berkecepatan tetap {mbps} Mbps. Waktu unduh minimum (tanpa overhead protokol) adalah ...",
        dur(s), [dur(max(1, s // 8)), dur(s * 2), dur(s + 60 if s > 60 else s + 10), dur(max(1, s // 2)), dur(s * 8)],
        f"{num(size_mb)} MB x 8 = {num(size_mb * 8)} megabit; {num(size_mb * 8)} / {mbps} = {num(s)} detik.")

# 8. RAID usable capacity
for level, disks, tb, d in [("RAID 0", 4, 2, "sedang"), ("RAID 1", 2, 4, "sedang"), ("RAID 5", 4, 2, "sedang"), ("RAID 5", 5, 4, "sedang"), ("RAID 10", 4, 4, "sedang"),
                            ("RAID 6", 6, 4, "sulit"), ("RAID 5", 8, 2, "sulit"), ("RAID 10", 8, 2, "sulit"), ("RAID 6", 5, 8, "sulit"), ("RAID 1", 2, 8, "sulit")]:
    usable = {"RAID 0": disks * tb, "RAID 1": tb, "RAID 5": (disks - 1) * tb, "RAID 6": (disks - 2) * tb, "RAID 10": disks * tb // 2}[level]
    add(d, f"Server memakai {level} dengan {disks} disk masing-masing {tb} TB. Kapasitas yang dapat dipakai untuk data adalah ...",
        f"{usable} TB", [f"{disks * tb} TB", f"{(disks - 1) * tb} TB", f"{disks * tb // 2} TB", f"{(disks - 2) * tb} TB", f"{tb} TB", f"{usable + tb} TB", f"{tb // 2} TB", f"{tb * 3} TB", f"{tb * 4} TB"],
        {"RAID 0": "RAID 0 menjumlahkan semua disk tanpa redundansi.", "RAID 1": "RAID 1 mencerminkan data: kapasitasnya satu disk.",
         "RAID 5": "RAID 5 memakai kapasitas satu disk untuk paritas: (n - 1) x ukuran disk.", "RAID 6": "RAID 6 memakai kapasitas dua disk untuk paritas: (n - 2) x ukuran disk.",
         "RAID 10": "RAID 10 mencerminkan pasangan disk lalu menggabungkannya: separuh dari total."}[level])

# 9. storage count (1 GB = 1.024 MB)
for what, size_mb, gb in [("pindaian dokumen", 2, 16), ("foto kegiatan", 4, 32), ("video rapat", 256, 64), ("cadangan basis data harian", 512, 500),
                          ("berkas arsip elektronik", 8, 128), ("rekaman CCTV per jam", 1024, 2048)]:
    count = gb * 1024 // size_mb
    add("sedang", f"Sebuah media penyimpanan berkapasitas {num(gb)} GB akan diisi {what} berukuran rata-rata {num(size_mb)} MB per berkas. Jika 1 GB = 1.024 MB, banyak berkas yang dapat disimpan paling banyak ...",
        num(count), [num(gb * 1000 // size_mb), num(count // 2), num(count * 2), num(gb // size_mb if gb // size_mb else count + 1), num(count + gb)],
        f"{num(gb)} x 1.024 = {num(gb * 1024)} MB; {num(gb * 1024)} / {num(size_mb)} = {num(count)} berkas.")

# 10. SQL counts over a small table
units = ["Keuangan", "Umum", "Kepegawaian", "Perencanaan"]
names = ["Ayu", "Bima", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hadi", "Indah", "Joko"]
for n, d in enumerate(["sedang"] * 4 + ["sulit"] * 4):
    rows = [(names[i], rnd.choice(units), rnd.choice(["III/a", "III/b", "III/c"]), rnd.randint(1, 12)) for i in range(8)]
    unit = rows[n % 8][1]
    if d == "sedang":
        query = f"SELECT COUNT(*) FROM pegawai WHERE unit = '{unit}' AND masa_kerja >= 5"
        key = sum(1 for r in rows if r[1] == unit and r[3] >= 5)
        near = [sum(1 for r in rows if r[1] == unit), sum(1 for r in rows if r[3] >= 5), sum(1 for r in rows if r[1] == unit and r[3] > 5)]
        why = f"Baris dengan unit {unit} dan masa kerja paling sedikit 5 tahun: {key}."
    else:
        query = "SELECT unit, COUNT(*) FROM pegawai GROUP BY unit HAVING COUNT(*) >= 2"
        per = {u: sum(1 for r in rows if r[1] == u) for u in units}
        key = sum(1 for u in units if per[u] >= 2)
        near = [len([u for u in units if per[u] > 0]), sum(1 for u in units if per[u] > 2), len(rows)]
        query = f"Banyak baris yang dihasilkan kueri {query} adalah ..."
        why = "Jumlah pegawai per unit: " + ", ".join(f"{u} {per[u]}" for u in units if per[u]) + f"; unit dengan paling sedikit 2 pegawai: {key}."
    stem = (f"Perhatikan tabel pegawai berikut. {query}" if d == "sulit" else f"Perhatikan tabel pegawai berikut. Hasil kueri {query} adalah ...")
    add(d, stem, str(key), [str(x) for x in near] + [str(key + 1), str(key + 2), str(max(0, key - 1)), str(key + 3), str(key + 4)], why,
        table={"caption": "Tabel pegawai", "header": ["nama", "unit", "golongan", "masa_kerja"], "rows": [[r[0], r[1], r[2], str(r[3])] for r in rows]})

# 11. pseudocode
for n, d in [(5, "mudah"), (7, "mudah"), (4, "mudah"), (10, "mudah")]:
    total = sum(range(1, n + 1))
    add(d, f"Perhatikan pseudocode berikut: total = 0; untuk i dari 1 sampai {n}: total = total + i. Nilai total setelah perulangan selesai adalah ...",
        str(total), [str(total - n), str(total + n + 1), str(n * n), str(n), str(total + 1)], f"1 + 2 + ... + {n} = {total}.")
for n, m, d in [(4, 3, "sedang"), (6, 5, "sedang"), (10, 10, "sedang"), (8, 2, "sedang")]:
    add(d, f"Berapa kali perintah cetak dijalankan pada pseudocode berikut? untuk i dari 1 sampai {n}: untuk j dari 1 sampai {m}: cetak(i, j)",
        str(n * m), [str(n + m), str(n * m - 1), str(n * (m + 1)), str(n ** 2 if n != m else n * 2), str(m)], f"Perulangan dalam berjalan {m} kali untuk setiap {n} putaran luar: {n} x {m} = {n * m}.")
for start, d in [(37, "sulit"), (100, "sulit"), (64, "sulit")]:
    x, steps = start, 0
    while x > 1:
        x //= 2
        steps += 1
    add(d, f"Perhatikan pseudocode berikut: x = {start}; langkah = 0; selama x > 1: x = x div 2; langkah = langkah + 1. Nilai langkah setelah perulangan selesai adalah ...",
        str(steps), [str(steps + 1), str(steps - 1), str(start // 2), str(steps * 2), str(start)], f"x berturut-turut dibagi dua (dibulatkan ke bawah) sampai 1: {steps} langkah.")

def q(s):
    return json.dumps(s, ensure_ascii=False)

lines = ["# Kompetensi teknis Pranata Komputer Ahli Pertama: soal hitungan. Ditulis oleh",
         "# scripts/pppk-contoh/teknis-hitungan.py (kunci dihitung, bukan diketik); ubah skripnya, bukan berkas ini.",
         "subtest: TEKNIS", "subtopic: kompetensi-teknis", "items:"]
for n, it in enumerate(items, 1):
    lines += [f"  - id: TEK-HIT-{n:03d}", f"    difficulty: {it['difficulty']}", f"    stem: {q(it['stem'])}"]
    if it["table"]:
        t = it["table"]
        lines += ["    table:", f"      caption: {q(t['caption'])}", "      header: [" + ", ".join(q(h) for h in t["header"]) + "]", "      rows:"]
        lines += ["        - [" + ", ".join(q(c) for c in r) + "]" for r in t["rows"]]
    lines.append("    options:")
    lines += [f"      {'ABCDE'[i]}: {q(o)}" for i, o in enumerate(it["options"])]
    lines += [f"    answer: {it['answer']}", f"    explanation: {q(it['explanation'])}"]
with open(OUT, "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
counts = {d: sum(1 for i in items if i["difficulty"] == d) for d in ("mudah", "sedang", "sulit")}
print(f"{OUT}: {len(items)} soal {counts}")
