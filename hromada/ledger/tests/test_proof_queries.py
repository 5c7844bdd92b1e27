"""A proof, a root or a refusal beyond the tree costs ONE query: the size check rides on the hash query."""

import pytest

from hromada.core.errors import NotFoundError
from hromada.ledger import merkle
from hromada.ledger.actions import ledger_integrate
from hromada.ledger.selectors import consistency_proof_get, inclusion_proof_get, root_get


@pytest.fixture
def log_of_100(hromada, append):
    receipts = append(hromada, 100)
    ledger_integrate(hromada=hromada)
    return receipts


def test_each_proof_and_root_is_one_query(hromada, log_of_100, django_assert_num_queries):
    with django_assert_num_queries(1):
        proof = inclusion_proof_get(hromada=hromada, index=37, tree_size=99)
    with django_assert_num_queries(1):
        root_99 = root_get(hromada=hromada, tree_size=99)
    with django_assert_num_queries(1):
        hashes = consistency_proof_get(hromada=hromada, first=13, second=99)
    with django_assert_num_queries(1):
        root_13 = root_get(hromada=hromada, tree_size=13)

    assert proof.leaf_hash == log_of_100[37].leaf_hash
    merkle.verify_inclusion(37, 99, proof.leaf_hash, proof.hashes, root_99)
    merkle.verify_consistency(13, 99, hashes, root_13, root_99)


def test_a_size_beyond_the_tree_is_refused_by_the_same_query(
    hromada, other_hromada, log_of_100, django_assert_num_queries
):
    for call in (
        lambda: inclusion_proof_get(hromada=hromada, index=3, tree_size=101),
        lambda: consistency_proof_get(hromada=hromada, first=3, second=101),
        lambda: root_get(hromada=hromada, tree_size=101),
        lambda: inclusion_proof_get(hromada=other_hromada, index=0, tree_size=1),  # no log at all
    ):
        with django_assert_num_queries(1), pytest.raises(NotFoundError) as refused:
            call()
        assert refused.value.code == "beyond_tree"

    # At the edges: the whole tree is fine, an empty proof and the empty root still check the size.
    assert len(inclusion_proof_get(hromada=hromada, index=99, tree_size=100).hashes) == 4
    assert consistency_proof_get(hromada=hromada, first=100, second=100) == []
    assert root_get(hromada=hromada, tree_size=0) == merkle.EMPTY_ROOT
    with pytest.raises(NotFoundError):
        consistency_proof_get(hromada=hromada, first=101, second=101)
