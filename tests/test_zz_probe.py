from programmas import rapport
def test_p(demo):
    open("/tmp/bst/rapport.pdf","wb").write(rapport.pdf(demo))
