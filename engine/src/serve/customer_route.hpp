// GET /c/TOKEN over HTTP: the token in the path looked up among the
// customers' (never among [[serve.tokens]]), the page or the same 404 for
// any miss, with headers that keep the address out of caches and referrers.
#pragma once

#include <httplib.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "serve/customer_access.hpp"
#include "serve/customer_page.hpp"

namespace vow::serve {

// Sets `res`; returns the customer id whose page it is, "" for the 404.
// `figures` reads a customer's view under the server's locks.
std::string answer_customer_page(const std::vector<CustomerCredential>& customers, std::string_view presented,
                                 httplib::Response& res,
                                 const std::function<CustomerView(const std::string& customer)>& figures);

}  // namespace vow::serve
