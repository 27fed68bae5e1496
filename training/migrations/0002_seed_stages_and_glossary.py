"""The four training stages, their checklist items and the glossary.

This is data, written in plain Indonesian for the community (the leader can
edit it in admin afterwards). Running it again changes nothing.
"""

from django.db import migrations

# (term, slug, also known as, meaning, example)
GLOSSARY = [
    (
        "Flash sale",
        "flash-sale",
        "obral kilat",
        "Potongan harga besar yang berlaku hanya sebentar, misalnya 2 jam, dengan "
        "jumlah barang terbatas. Marketplace membuka 'slot' (jatah waktu) yang "
        "harus didaftarkan lebih dulu.",
        "Jamu sapi biasanya Rp 50.000, di flash sale jam 12.00–14.00 jadi "
        "Rp 42.000 untuk 10 botol saja.",
    ),
    (
        "Voucher",
        "voucher",
        "kupon",
        "Kupon potongan harga yang bisa dipakai pembeli saat membayar. Bisa dari "
        "toko kita sendiri atau dari marketplace.",
        "Voucher toko 'Diskon Rp 5.000 minimal belanja Rp 50.000'.",
    ),
    (
        "Checkout",
        "checkout",
        "bayar pesanan",
        "Langkah terakhir pembeli: memilih alamat, kurir dan cara bayar, lalu "
        "menekan tombol buat pesanan.",
        "Pembeli sudah memasukkan hijab ke keranjang lalu checkout dan memilih "
        "bayar di Indomaret.",
    ),
    (
        "Keranjang",
        "keranjang",
        "cart",
        "Tempat pembeli mengumpulkan barang sebelum membayar. Barang di keranjang "
        "belum menjadi pesanan.",
        "Ada 15 orang memasukkan keripik kita ke keranjang, tapi baru 3 yang "
        "checkout.",
    ),
    (
        "Resi",
        "resi",
        "nomor resi, nomor lacak",
        "Nomor pengiriman dari kurir untuk melacak paket sampai ke pembeli.",
        "Resi JNE 0123456789 bisa dicek di aplikasi JNE untuk melihat paket "
        "sudah sampai di mana.",
    ),
    (
        "AWB",
        "awb",
        "airway bill, label pengiriman",
        "Singkatan dari Air Way Bill: lembar label yang ditempel di paket, berisi "
        "nama, alamat dan nomor resi. Di marketplace sering disebut 'cetak label'.",
        "Setelah pesanan masuk, unduh AWB dari Shopee lalu kirim ke ketua untuk "
        "ditempel di paket.",
    ),
    (
        "Dropship",
        "dropship",
        "dropshipper",
        "Cara berjualan tanpa menyimpan barang: kita menjual, pemasok (di sini "
        "ketua) yang mengemas dan mengirim atas nama toko kita.",
        "Rahmat menjual batik di Shopee; ketua mengirim paketnya dengan nama "
        "pengirim 'Rahmat Store'.",
    ),
    (
        "Reseller",
        "reseller",
        "penjual ulang",
        "Orang yang membeli barang dulu (biasanya harga grosir) lalu menjualnya "
        "lagi. Bedanya dengan dropship: reseller menyimpan stok sendiri.",
        "Laila membeli 20 hijab sekaligus lalu menjualnya di pasar desa.",
    ),
    (
        "SKU",
        "sku",
        "kode barang",
        "Stock Keeping Unit: kode unik untuk setiap jenis barang, termasuk warna "
        "dan ukurannya. Memudahkan mencari dan menghitung stok.",
        "HIJAB-HITAM-L adalah SKU untuk hijab warna hitam ukuran L.",
    ),
    (
        "Rating",
        "rating",
        "penilaian bintang",
        "Nilai bintang 1 sampai 5 yang diberikan pembeli setelah pesanan selesai. "
        "Rating tinggi membuat toko lebih dipercaya.",
        "Toko dengan rating 4,9 lebih sering dipilih daripada toko dengan "
        "rating 4,2.",
    ),
    (
        "Ulasan",
        "ulasan",
        "review",
        "Komentar pembeli tentang barang dan pelayanan, biasanya bersama rating "
        "dan foto.",
        "'Barang sesuai foto, pengiriman cepat' adalah ulasan yang baik.",
    ),
    (
        "Performa chat",
        "performa-chat",
        "chat performance",
        "Nilai seberapa banyak dan seberapa cepat penjual membalas chat pembeli. "
        "Kalau rendah, toko bisa turun peringkat.",
        "Membalas 95 dari 100 chat dalam 5 menit membuat performa chat bagus.",
    ),
    (
        "Balas otomatis",
        "balas-otomatis",
        "auto reply",
        "Pesan yang terkirim sendiri ketika pembeli mengirim chat, misalnya saat "
        "kita sedang tidur.",
        "'Terima kasih sudah mampir, kami balas jam 07.00 pagi ya.'",
    ),
    (
        "Cashback",
        "cashback",
        "uang kembali",
        "Sebagian uang belanja dikembalikan ke pembeli, biasanya dalam bentuk "
        "koin atau saldo, bukan uang tunai.",
        "Belanja Rp 100.000 dapat cashback 10% = 10.000 koin Shopee.",
    ),
    (
        "COD",
        "cod",
        "bayar di tempat",
        "Cash On Delivery: pembeli membayar tunai kepada kurir saat paket sampai.",
        "Pembeli di desa tanpa rekening bank memilih COD dan membayar ke kurir "
        "J&T.",
    ),
    (
        "Etalase",
        "etalase",
        "showcase",
        "Kelompok produk di halaman toko, seperti rak di toko biasa, supaya "
        "pembeli mudah mencari.",
        "Etalase 'Jamu', etalase 'Batik', etalase 'Promo Minggu Ini'.",
    ),
    (
        "Marketplace",
        "marketplace",
        "pasar daring",
        "Aplikasi tempat banyak toko berjualan dan pembeli berbelanja, seperti "
        "Shopee, Tokopedia, Lazada, TikTok Shop dan Bukalapak.",
        "Rahmat punya toko di dua marketplace: Shopee dan TikTok Shop.",
    ),
    (
        "Ongkir",
        "ongkir",
        "ongkos kirim, shipping fee",
        "Biaya pengiriman paket dari penjual ke pembeli. Tergantung berat dan "
        "jarak.",
        "Ongkir 1 kg dari Sumenep ke Surabaya sekitar Rp 12.000.",
    ),
    (
        "Gratis ongkir",
        "gratis-ongkir",
        "free shipping",
        "Program di mana ongkir pembeli dibayar (sebagian) oleh marketplace atau "
        "toko. Toko biasanya membayar biaya tambahan untuk ikut program ini.",
        "Dengan gratis ongkir, pembeli di Jakarta hanya membayar harga barang.",
    ),
    (
        "Kurir",
        "kurir",
        "ekspedisi, jasa kirim",
        "Perusahaan atau orang yang mengantar paket, misalnya JNE, J&T, SiCepat, "
        "Pos Indonesia.",
        "Paket hari ini dikirim dengan kurir J&T.",
    ),
    (
        "Pick up",
        "pick-up",
        "penjemputan",
        "Kurir datang mengambil paket ke rumah atau gudang penjual, jadi tidak "
        "perlu mengantar ke agen.",
        "Ketua memilih pick up supaya kurir mengambil 30 paket sekaligus.",
    ),
    (
        "Stok",
        "stok",
        "stock, ready stock",
        "Jumlah barang yang masih ada dan bisa dijual.",
        "Stok batik ukuran M tinggal 3, jadi jangan terima pesanan 5.",
    ),
    (
        "Variasi",
        "variasi",
        "varian",
        "Pilihan dari satu produk, misalnya warna, ukuran atau rasa. Setiap "
        "variasi punya harga dan stok sendiri.",
        "Keripik singkong punya variasi: original, pedas, balado.",
    ),
    (
        "Pre-order",
        "pre-order",
        "PO, pesan dulu",
        "Barang dipesan dan dibayar sekarang, tapi baru dikirim beberapa hari "
        "kemudian karena masih dibuat atau dipesan.",
        "Batik tulis pre-order 7 hari: dijahit setelah pesanan masuk.",
    ),
    (
        "Seller Center",
        "seller-center",
        "pusat penjual",
        "Halaman atau aplikasi khusus penjual untuk mengatur produk, pesanan, "
        "promo dan keuangan toko.",
        "Buka Seller Center Shopee untuk mencetak label pesanan.",
    ),
    (
        "Dashboard",
        "dashboard",
        "halaman ringkasan",
        "Halaman yang menampilkan angka-angka penting sekaligus, seperti jumlah "
        "pesanan dan penjualan hari ini.",
        "Di dashboard toko terlihat hari ini ada 4 pesanan baru.",
    ),
    (
        "Upload produk",
        "upload-produk",
        "unggah produk, listing",
        "Memasukkan produk baru ke toko: foto, nama, harga, stok, berat dan "
        "deskripsi.",
        "Setelah upload produk, jamu sapi tampil di etalase toko.",
    ),
    (
        "Foto utama",
        "foto-utama",
        "thumbnail, cover",
        "Foto pertama yang tampil di hasil pencarian. Harus terang, jelas dan "
        "latarnya bersih karena inilah yang pertama dilihat pembeli.",
        "Foto utama hijab di atas kain putih dengan cahaya matahari pagi.",
    ),
    (
        "Deskripsi produk",
        "deskripsi-produk",
        "description",
        "Tulisan yang menjelaskan barang: bahan, ukuran, manfaat, cara pakai, isi "
        "paket.",
        "'Hijab voal, ukuran 115 x 115 cm, tidak menerawang, mudah dibentuk.'",
    ),
    (
        "Kata kunci",
        "kata-kunci",
        "keyword",
        "Kata yang diketik pembeli saat mencari barang. Masukkan kata itu di nama "
        "dan deskripsi produk supaya mudah ditemukan.",
        "Pembeli mengetik 'batik madura pria', jadi nama produk memuat kata itu.",
    ),
    (
        "Iklan",
        "iklan",
        "ads, promosi berbayar",
        "Membayar marketplace supaya produk tampil di atas hasil pencarian. "
        "Biaya dipotong setiap kali iklan diklik atau ada penjualan.",
        "Iklan Rp 10.000 per hari untuk produk keripik yang paling laku.",
    ),
    (
        "Promo toko",
        "promo-toko",
        "diskon toko",
        "Potongan harga yang diatur sendiri oleh toko untuk waktu tertentu.",
        "Promo toko 10% untuk semua hijab selama bulan Ramadan.",
    ),
    (
        "Diskon",
        "diskon",
        "potongan harga",
        "Pengurangan harga jual, dalam persen atau rupiah.",
        "Diskon 20% dari Rp 50.000 berarti pembeli membayar Rp 40.000.",
    ),
    (
        "Bundling",
        "bundling",
        "paket hemat",
        "Menjual beberapa barang sekaligus dalam satu paket dengan harga lebih "
        "murah daripada dibeli satu-satu.",
        "Paket 3 botol jamu Rp 135.000 (satuan Rp 50.000).",
    ),
    (
        "Live streaming",
        "live-streaming",
        "siaran langsung, live",
        "Berjualan lewat video langsung di aplikasi; pembeli bisa bertanya dan "
        "langsung membeli.",
        "Zahra live di TikTok Shop jam 8 malam memperlihatkan motif batik.",
    ),
    (
        "Affiliate",
        "affiliate",
        "afiliasi",
        "Orang lain mempromosikan produk kita dan mendapat komisi dari setiap "
        "penjualan lewat tautan (link) mereka.",
        "Seorang pembuat video mendapat komisi 5% dari setiap hijab yang terjual "
        "dari videonya.",
    ),
    (
        "Komisi",
        "komisi",
        "biaya layanan, admin fee",
        "Potongan yang diambil marketplace dari setiap penjualan.",
        "Shopee memotong komisi sekitar 6% dari harga jual.",
    ),
    (
        "Retur",
        "retur",
        "return, pengembalian barang",
        "Barang dikirim kembali oleh pembeli karena rusak, salah kirim atau tidak "
        "sesuai.",
        "Pembeli mengirim balik botol jamu yang pecah; kita ajukan retur ke "
        "ketua.",
    ),
    (
        "Refund",
        "refund",
        "pengembalian dana",
        "Uang pembeli dikembalikan, sebagian atau seluruhnya, misalnya setelah "
        "retur disetujui.",
        "Setelah barang cacat diterima kembali, pembeli mendapat refund Rp 45.000.",
    ),
    (
        "Komplain",
        "komplain",
        "complain, keluhan",
        "Keluhan pembeli tentang pesanan. Balas dengan sopan dan cepat, tawarkan "
        "jalan keluar.",
        "Pembeli komplain ukuran kekecilan; kita tawarkan tukar ukuran.",
    ),
    (
        "Pesanan",
        "pesanan",
        "order",
        "Permintaan beli yang sudah dibuat pembeli. Di Kongsi, setiap pesanan "
        "dari toko kita dicatat supaya ketua bisa mengirimnya.",
        "Pesanan Shopee nomor 240501ABC untuk 2 hijab.",
    ),
    (
        "Dompet digital",
        "dompet-digital",
        "e-wallet",
        "Aplikasi untuk menyimpan dan membayar dengan uang elektronik, seperti "
        "ShopeePay, GoPay, OVO, DANA.",
        "Pembeli membayar dengan ShopeePay, uangnya langsung masuk.",
    ),
    (
        "Pengikut",
        "pengikut",
        "followers",
        "Orang yang mengikuti toko kita sehingga melihat produk dan promo terbaru.",
        "Toko dengan 1.000 pengikut lebih mudah ramai saat flash sale.",
    ),
    (
        "Terlaris",
        "terlaris",
        "best seller, produk laris",
        "Produk yang paling banyak terjual di toko atau kategori.",
        "Keripik balado menjadi produk terlaris bulan ini.",
    ),
    (
        "Pengunjung",
        "pengunjung",
        "traffic, kunjungan",
        "Jumlah orang yang melihat toko atau produk kita.",
        "Hari ini ada 200 pengunjung, 4 di antaranya membeli.",
    ),
    (
        "Tingkat konversi",
        "tingkat-konversi",
        "conversion rate",
        "Berapa persen pengunjung yang akhirnya membeli.",
        "200 pengunjung, 4 pembeli: tingkat konversi 2%.",
    ),
    (
        "Star Seller",
        "star-seller",
        "Power Merchant, toko unggulan",
        "Lencana (badge) dari marketplace untuk toko yang penjualannya dan "
        "pelayanannya bagus. Membuat pembeli lebih percaya.",
        "Setelah 3 bulan rating baik, toko Ulfa mendapat lencana Star Seller.",
    ),
    (
        "Segmen pasar",
        "segmen-pasar",
        "segment, target pasar",
        "Kelompok pembeli tertentu yang kita tuju, misalnya menurut umur, "
        "kebutuhan atau kemampuan bayar.",
        "Batik tulis mahal untuk segmen pegawai kantor; batik cap murah untuk "
        "pelajar.",
    ),
    (
        "Niche",
        "niche",
        "ceruk pasar",
        "Pasar kecil yang khusus dan belum banyak pesaingnya.",
        "Jamu khusus ternak sapi adalah niche: pembelinya sedikit tapi setia.",
    ),
    (
        "Kompetitor",
        "kompetitor",
        "pesaing",
        "Toko lain yang menjual barang yang sama atau mirip.",
        "Ada 12 kompetitor yang menjual batik Madura di Shopee dengan harga "
        "Rp 65.000–Rp 120.000.",
    ),
    (
        "Margin",
        "margin",
        "untung per barang",
        "Selisih harga jual dengan harga modal (harga dari ketua).",
        "Harga modal Rp 35.000, dijual Rp 50.000: margin Rp 15.000.",
    ),
]

STAGES = [
    (
        1,
        "sosialisasi",
        "Sosialisasi & persiapan",
        "Kenalan dengan komunitas dan siapkan alat untuk berjualan.",
        [
            (
                "hp-siap",
                "HP siap untuk berjualan",
                "HP Android menyala dengan baik, ada kuota internet, WhatsApp "
                "aktif, kamera cukup jelas dan memori masih longgar untuk foto "
                "produk.",
                "",
                [],
            ),
            (
                "gabung-grup",
                "Sudah masuk grup komunitas",
                "Sudah bergabung di grup WhatsApp komunitas dan kenal dengan "
                "ketua, bendahara dan pendamping.",
                "",
                [],
            ),
            (
                "paham-aturan",
                "Paham aturan setoran, retur dan amal",
                "Tahu cara membayar setoran ke ketua (transfer dengan kode unik), "
                "kapan barang boleh diretur, dan bahwa sebagian keuntungan masuk "
                "dana amal komunitas.",
                "",
                ["dropship", "retur", "refund", "margin"],
            ),
        ],
    ),
    (
        2,
        "pengenalan-tools",
        "Pengenalan tools",
        "Kenal aplikasi marketplace dan istilah-istilahnya.",
        [
            (
                "paham-istilah",
                "Paham istilah-istilah marketplace",
                "Bisa menjelaskan dengan kata-kata sendiri istilah yang sering "
                "dipakai. Buka Kamus istilah bila lupa.",
                "",
                ["marketplace", "checkout", "keranjang", "voucher", "flash-sale",
                 "sku", "etalase"],
            ),
            (
                "buka-toko",
                "Sudah membuka toko di marketplace",
                "Punya toko sendiri di minimal satu marketplace, dengan nama toko, "
                "foto profil dan alamat yang benar. Catat tokonya di menu Profil.",
                "",
                ["marketplace", "seller-center", "etalase"],
            ),
            (
                "paham-fitur",
                "Paham fitur chat, pesanan, promo dan pengiriman",
                "Tahu di mana melihat pesanan baru, mencetak label, memasang promo, "
                "dan memilih kurir.",
                "",
                ["pesanan", "awb", "resi", "kurir", "ongkir", "cod", "promo-toko"],
            ),
            (
                "balas-cepat",
                "Membalas pembeli dengan cepat",
                "Membalas chat pembeli kurang dari 1 jam di jam kerja dan memasang "
                "balas otomatis untuk malam hari.",
                "",
                ["performa-chat", "balas-otomatis", "rating", "ulasan"],
            ),
        ],
    ),
    (
        3,
        "pengoperasian",
        "Pengoperasian",
        "Mulai berjualan sungguhan: produk, promo, pesanan dan setoran.",
        [
            (
                "upload-produk",
                "Mengunggah produk dengan foto yang bagus",
                "Minimal 5 produk dari katalog Kongsi sudah tampil di toko, dengan "
                "foto utama terang, nama yang memuat kata kunci, dan deskripsi "
                "lengkap.",
                "",
                ["upload-produk", "foto-utama", "deskripsi-produk", "kata-kunci",
                 "variasi"],
            ),
            (
                "atur-promo",
                "Memasang promo atau slot flash sale",
                "Sudah memasang satu promo toko, voucher atau slot flash sale, dan "
                "mencatatnya di Rencana promo.",
                "",
                ["flash-sale", "voucher", "diskon", "cashback", "promo-toko"],
            ),
            (
                "pesanan-pertama",
                "Pesanan pertama dicatat",
                "Tercentang sendiri saat pesanan pertama dicatat di Kongsi.",
                "first_order",
                ["pesanan"],
            ),
            (
                "setoran-pertama",
                "Setoran pertama dikonfirmasi",
                "Tercentang sendiri saat setoran pertama sudah diterima ketua atau "
                "bendahara.",
                "first_settlement",
                [],
            ),
        ],
    ),
    (
        4,
        "analisis-segmentasi",
        "Analisis segmentasi",
        "Memilih pasar sendiri dan berjualan tanpa dibantu.",
        [
            (
                "pilih-segmen",
                "Memilih kategori atau segmen",
                "Memilih satu kategori yang akan ditekuni, dengan bantuan Lembar "
                "segmentasi (ke marketplace mana dan di harga berapa barang itu "
                "paling laku).",
                "",
                ["segmen-pasar", "niche", "terlaris"],
            ),
            (
                "bandingkan-harga",
                "Membandingkan harga pesaing",
                "Mencatat minimal 3 harga pesaing untuk kategori pilihan dan "
                "menentukan harga jual sendiri.",
                "",
                ["kompetitor", "margin", "tingkat-konversi"],
            ),
            (
                "lima-pesanan",
                "Lima pesanan selesai sendiri",
                "Tercentang sendiri saat lima pesanan sudah selesai (sampai ke "
                "pembeli).",
                "five_completed",
                [],
            ),
            (
                "mandiri",
                "Disetujui pendamping sebagai penjual mandiri",
                "Pendamping yakin kamu sudah bisa berjualan sendiri.",
                "",
                [],
            ),
        ],
    ),
]


def seed(apps, schema_editor):
    GlossaryTerm = apps.get_model("training", "GlossaryTerm")
    Stage = apps.get_model("training", "Stage")
    ChecklistItem = apps.get_model("training", "ChecklistItem")
    terms = {}
    for term, slug, aka, meaning, example in GLOSSARY:
        terms[slug], _ = GlossaryTerm.objects.get_or_create(
            slug=slug,
            defaults={
                "term": term,
                "also_known_as": aka,
                "meaning": meaning,
                "example": example,
            },
        )
    for position, code, title, description, items in STAGES:
        stage, _ = Stage.objects.get_or_create(
            code=code,
            defaults={"position": position, "title": title, "description": description},
        )
        for index, (item_code, item_title, text, auto_code, slugs) in enumerate(
            items, start=1
        ):
            item, created = ChecklistItem.objects.get_or_create(
                code=item_code,
                defaults={
                    "stage": stage,
                    "position": index,
                    "title": item_title,
                    "explanation": text,
                    "auto": bool(auto_code),
                    "auto_code": auto_code,
                },
            )
            if created:
                item.terms.set([terms[slug] for slug in slugs])


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
