from __future__ import annotations

from luoyang_analysis import provenance


def test_sha256_of_a_known_text(tmp_path):
    f = tmp_path / "abc.txt"
    f.write_bytes(b"abc")
    # FIPS 180-2 test vector for "abc".
    assert (
        provenance.sha256_file(f)
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def test_source_date_epoch_fixes_the_time(monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1514764800")  # 2018-01-01T00:00:00Z
    rec = provenance.collect([], {"lang": "zh"})
    assert rec["generated"] == "2018-01-01T00:00:00+00:00"
    assert rec["parameters"] == {"lang": "zh"}
