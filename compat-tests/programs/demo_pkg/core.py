from . import __name__ as pkg_name
def greet(who):
    return f"hello {who} from {__name__} in {pkg_name}"
